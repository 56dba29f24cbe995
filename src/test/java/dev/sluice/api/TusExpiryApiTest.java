package dev.sluice.api;

import static dev.sluice.api.TusSupport.UPLOADS;
import static dev.sluice.api.TusSupport.create;
import static dev.sluice.api.TusSupport.metadata;
import static dev.sluice.api.TusSupport.patch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * tus expiration and the per-caller bounds, on a server of their own (a short expiry, a sweep every second, two
 * unfinished uploads per caller): an expired upload is gone for its client (404) and its bytes are removed by the
 * sweep, which runs on its own; a third unfinished upload, or one whose length would pass the total, is refused.
 * The expiry is short, yet long enough that no upload expires while a test still uses it on a loaded machine (2 s
 * did on Ceph RGW in CI: the quota test's DELETE found its upload expired).
 */
@TestPropertySource(
        properties = {
            "sluice.uploads.expiry=8s",
            "sluice.uploads.sweep-interval=1s",
            "sluice.uploads.max-unfinished=2",
            "sluice.uploads.max-unfinished-size=3MB"
        })
class TusExpiryApiTest extends ApiTestSupport {

    /**
     * A state folder of its own: the shared root's is locked by the shared context, and the lock is the state
     * folder's. Upload data lives there too.
     */
    private static final java.nio.file.Path OWN_STATE = ownState();

    @org.springframework.test.context.DynamicPropertySource
    static void ownStorage(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("sluice.storage.state-dir", OWN_STATE::toString);
    }

    private static java.nio.file.Path ownState() {
        try {
            return java.nio.file.Files.createTempDirectory("sluice-tus-expiry");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anExpiredUploadIsGoneAndTheSweepRemovesItsBytesOnItsOwn() throws InterruptedException {
        String path = create(client, 1000, metadata("filename", "expiring.bin", "prefix", folder));
        patch(client, path, 0, new byte[400]);
        String id = path.substring(path.lastIndexOf('/') + 1);
        assertThat(holdsData(id)).isTrue();

        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (holdsData(id) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(holdsData(id))
                .as("the sweep removed the expired upload's bytes")
                .isFalse();
        client.head().uri(path).exchange().expectStatus().isNotFound();
        client.patch()
                .uri(path)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "400")
                .header("Content-Type", TusSupport.CHUNK)
                .bodyValue(new byte[600])
                .exchange()
                .expectStatus()
                .isNotFound();
        client.get()
                .uri(files(folder + "expiring.bin"))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void aCallerHasABoundedNumberAndSizeOfUnfinishedUploads() {
        String first = create(client, 1_000_000, metadata("filename", "one.bin", "prefix", folder));
        client.post()
                .uri(UPLOADS)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "3000000")
                .header("Upload-Metadata", metadata("filename", "too-much.bin", "prefix", folder))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("upload-quota");
        String second = create(client, 1_000, metadata("filename", "two.bin", "prefix", folder));
        client.post()
                .uri(UPLOADS)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "10")
                .header("Upload-Metadata", metadata("filename", "three.bin", "prefix", folder))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("upload-quota");
        // A finished upload no longer counts.
        patch(client, second, 0, new byte[1_000]);
        String third = create(client, 10, metadata("filename", "three.bin", "prefix", folder));
        for (String path : new String[] {first, third}) {
            client.delete()
                    .uri(path)
                    .header("Tus-Resumable", "1.0.0")
                    .exchange()
                    .expectStatus()
                    .isNoContent();
        }
    }

    /** Whether upload {@code id}'s bytes are still held: its data file on local disk, its multipart upload on S3. */
    private static boolean holdsData(String id) {
        if (onS3()) {
            return dev.sluice.testing.S3TestServer.get().uploadLeftovers(bucket(), S3_KEY_PREFIX).stream()
                    .anyMatch(leftover -> leftover.contains(id));
        }
        return java.nio.file.Files.exists(OWN_STATE.resolve("upload-data").resolve(id));
    }
}
