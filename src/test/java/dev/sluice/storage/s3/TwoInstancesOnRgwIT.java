package dev.sluice.storage.s3;

import dev.sluice.testing.CephGateway;
import dev.sluice.testing.S3TestServer;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link TwoInstancesOnOneBucket} on Ceph RGW 16.2 (a throw-away single-node cluster): a real distributed S3 engine,
 * which honours conditional headers on PutObject only, and only in an unversioned bucket; the objects' bucket is
 * versioned, so both instances keep their publish locks in an unversioned bucket of their own.
 */
@ExtendWith(CephGateway.Lifecycle.class)
class TwoInstancesOnRgwIT extends TwoInstancesOnOneBucket {

    @Override
    S3TestServer.Kind kind() {
        return S3TestServer.Kind.RGW;
    }

    @Override
    String lockBucket(S3TestServer server) {
        return server.newBucket(false);
    }
}
