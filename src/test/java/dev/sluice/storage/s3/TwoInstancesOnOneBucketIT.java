package dev.sluice.storage.s3;

import dev.sluice.testing.S3TestServer;

/** {@link TwoInstancesOnOneBucket} on s3proxy 4.1.0 in this JVM. */
class TwoInstancesOnOneBucketIT extends TwoInstancesOnOneBucket {

    @Override
    S3TestServer.Kind kind() {
        return S3TestServer.Kind.S3PROXY;
    }
}
