package dev.sluice.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.storage.s3.ConditionalWrites.Conditions;
import dev.sluice.storage.s3.ConditionalWrites.IfMatch;
import dev.sluice.testing.CephGateway;
import dev.sluice.testing.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

/**
 * The start-up probe against the real server of this run ({@code sluice.test.backend}: s3proxy by default, Ceph RGW
 * in the {@code api-on-rgw} run): it finds what each server is known to honour, in versioned and unversioned
 * buckets, leaves nothing behind, and the store picks the publish path that keeps conditional writes atomic.
 */
@ExtendWith(CephGateway.Lifecycle.class)
class ConditionalWriteProbeTest {

    private static final String PREFIX = "probe-test/";
    private static final Conditions NONE = new Conditions(false, IfMatch.IGNORED);

    private final S3TestServer server = S3TestServer.get();

    @Test
    void unversionedBucket() {
        String bucket = server.newBucket(false);
        ConditionalWrites writes = probe(bucket, bucket);
        if (rgw()) {
            // RGW 16.2: PutObject honours both, If-Match against the unquoted ETag; the copy ignores both and so does
            // the multipart complete (If-None-Match at least; see shared/TOOLING.md).
            assertThat(writes.put()).isEqualTo(new Conditions(true, IfMatch.UNQUOTED));
            assertThat(writes.copy()).isEqualTo(NONE);
            assertThat(writes.complete().ifNoneMatch()).isFalse();
        } else {
            assertThat(writes.put()).isEqualTo(Conditions.ALL);
            assertThat(writes.copy())
                    .as("s3proxy 4.1.0 ignores conditions on a copy")
                    .isEqualTo(NONE);
        }
        assertThat(store(bucket, bucket, writes).publishPath()).isEqualTo(PublishPath.LOCK_OBJECT);
    }

    @Test
    void versionedBucket() {
        String bucket = server.newBucket(true);
        ConditionalWrites writes = probe(bucket, bucket);
        if (rgw()) {
            // In a versioned bucket every RGW 16.2 write is a new version: If-None-Match finds no existing object,
            // If-Match never matches. Nothing can be made atomic in that bucket alone.
            assertThat(writes.put()).isEqualTo(NONE);
            assertThat(writes.copy()).isEqualTo(NONE);
            assertThat(store(bucket, bucket, writes).publishPath()).isEqualTo(PublishPath.WITHIN_PROCESS_ONLY);
        } else {
            assertThat(writes.put()).isEqualTo(Conditions.ALL);
            assertThat(store(bucket, bucket, writes).publishPath()).isEqualTo(PublishPath.LOCK_OBJECT);
        }
    }

    @Test
    void versionedBucketWithAnUnversionedLockBucket() {
        String bucket = server.newBucket(true);
        String locks = server.newBucket(false);
        ConditionalWrites writes = probe(bucket, locks);
        assertThat(writes.put()).isEqualTo(rgw() ? new Conditions(true, IfMatch.UNQUOTED) : Conditions.ALL);
        assertThat(store(bucket, locks, writes).publishPath()).isEqualTo(PublishPath.LOCK_OBJECT);
    }

    private boolean rgw() {
        return server.kind() == S3TestServer.Kind.RGW;
    }

    private ConditionalWrites probe(String bucket, String lockBucket) {
        ConditionalWrites writes = new ConditionalWriteProbe(server.client(), bucket, lockBucket, PREFIX).run();
        System.out.println(server.kind() + ": " + writes.describe());
        for (String each : new String[] {bucket, lockBucket}) {
            assertThat(server.client()
                            .listObjectVersions(request -> request.bucket(each))
                            .join()
                            .versions())
                    .as("scratch keys left")
                    .isEmpty();
            assertThat(server.openMultipartUploads(each))
                    .as("multipart uploads left")
                    .isEmpty();
        }
        return writes;
    }

    private S3ObjectStore store(String bucket, String lockBucket, ConditionalWrites writes) {
        return new S3ObjectStore(
                server.client(),
                bucket,
                PREFIX,
                5 << 20,
                2,
                S3ObjectStore.CopySettings.DEFAULT,
                writes,
                S3ObjectStore.DEFAULT_LEASE,
                lockBucket,
                S3Folders.FolderSettings.DEFAULT,
                new DefaultDataBufferFactory());
    }
}
