package dev.sluice.api;

import dev.sluice.testing.ApiTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows the storage: DOWN while the root cannot take a write, UP again once it can. Liveness is not
 * affected (the process is fine; it just should not get uploads).
 */
class ReadinessApiTest extends ApiTestSupport {

    // Local disk only: it breaks the root's staging folder. On S3 readiness stages through the bucket the
    // other tests share, which this run cannot take away.
    @Tag(LOCAL_DISK)
    @Test
    void readinessGoesDownWhileTheRootIsUnwritableAndUpAfter() throws Exception {
        readiness()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP")
                .jsonPath("$.components.storage.details.writable")
                .isEqualTo(true);
        // The process runs as root in CI, where permissions do not stop writes: take away the staging folder
        // itself (a regular file where the folder was), which no user can write into.
        Path staging = root().resolve(".sluice/tmp");
        Path aside = root().resolve(".sluice/tmp-aside");
        Files.move(staging, aside);
        try {
            Files.writeString(staging, "not a folder");
            readiness()
                    .expectStatus()
                    .isEqualTo(503)
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("DOWN")
                    .jsonPath("$.components.storage.details.writable")
                    .isEqualTo(false);
            client.get()
                    .uri(uri("/actuator/health/liveness"))
                    .exchange()
                    .expectStatus()
                    .isOk();
        } finally {
            Files.delete(staging);
            Files.move(aside, staging);
        }
        readiness().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void healthGroupsAreListed() {
        client.get()
                .uri(uri("/actuator/health"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.groups")
                .value(groups -> org.assertj.core.api.Assertions.assertThat(groups.toString())
                        .contains("liveness")
                        .contains("readiness"));
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec readiness() {
        return client.get().uri(uri("/actuator/health/readiness")).exchange();
    }
}
