package dev.sluice.api;

import static dev.sluice.api.ProblemAssertions.assertProblem;

import dev.sluice.testing.ApiTestSupport;
import dev.sluice.testing.SmallFilesystem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * On a real 16 MiB filesystem with {@code min-free-space=8MB}: readiness goes DOWN and uploads get 507 when free
 * space falls below the threshold, and both recover when space is freed. Its own context: the root is the tmpfs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
// Local disk only: its own context on the local backend (see ApiTestSupport.LOCAL_DISK)
@Tag(ApiTestSupport.LOCAL_DISK)
class SmallDiskReadinessTest {

    private static SmallFilesystem disk;

    @Autowired
    WebTestClient client;

    @org.junit.jupiter.api.BeforeEach
    void authorize() {
        client = dev.sluice.testing.TestTokens.authorized(client);
    }

    @BeforeAll
    static void mountSmallDisk() {
        disk = SmallFilesystem.mount(16);
    }

    @AfterAll
    static void unmount() throws IOException {
        if (disk != null) {
            disk.close();
        }
    }

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        dev.sluice.testing.TestTokens.register(registry);
        registry.add("sluice.storage.root", () -> disk.path().resolve("root").toString());
        registry.add("sluice.storage.min-free-space", () -> "8MB");
    }

    @Test
    void readinessAndUploadsFollowFreeSpaceAcrossTheThreshold() throws IOException {
        client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        client.put()
                .uri("/api/v1/files/small.bin")
                .bodyValue(new byte[1024])
                .exchange()
                .expectStatus()
                .isCreated();

        // Something else on the same disk takes 10 MiB: 6 MiB stay free, below the 8 MiB threshold.
        Path filler = disk.path().resolve("filler.bin");
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] mib = new byte[1 << 20];
            for (int i = 0; i < 10; i++) {
                out.write(mib);
            }
        }
        client.get()
                .uri("/actuator/health/readiness")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectBody()
                .jsonPath("$.components.storage.status")
                .isEqualTo("DOWN")
                .jsonPath("$.components.storage.details.reason")
                .isNotEmpty();
        assertProblem(
                client.put()
                        .uri("/api/v1/files/more.bin")
                        .bodyValue(new byte[1024])
                        .exchange(),
                507,
                "insufficient-storage",
                "/api/v1/files/more.bin");
        client.get().uri("/api/v1/files/small.bin").exchange().expectStatus().isOk();

        Files.delete(filler);
        client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        client.put()
                .uri("/api/v1/files/more.bin")
                .bodyValue(new byte[1024])
                .exchange()
                .expectStatus()
                .isCreated();
    }
}
