package dev.sluice.faults;

import static dev.sluice.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import dev.sluice.testing.SmallFilesystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * The real ENOSPC path: on a 16 MiB tmpfs with the free-space check off, an upload that fills the disk gets 507,
 * leaves nothing behind, and the server keeps serving (reads and a small upload work once space is back).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
// Local disk only: its own context on the local backend (see ApiTestSupport.LOCAL_DISK)
@Tag(ApiTestSupport.LOCAL_DISK)
class DiskFullTest {

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
        registry.add("sluice.storage.min-free-space", () -> "0");
    }

    @Test
    void anUploadThatFillsTheDiskIs507AndLeavesNothingBehind() throws IOException {
        client.put()
                .uri("/api/v1/files/before.txt")
                .bodyValue("still here".getBytes())
                .exchange()
                .expectStatus()
                .isCreated();
        byte[] mib = new byte[1 << 20];
        // Chunked, so no Content-Length check can refuse it first: the disk really runs out mid-stream.
        Flux<DataBuffer> twentyMib = Flux.range(0, 20).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(mib));
        assertProblem(
                client.put()
                        .uri("/api/v1/files/huge.bin")
                        .body(twentyMib, DataBuffer.class)
                        .exchange(),
                507,
                "insufficient-storage",
                "/api/v1/files/huge.bin");

        client.get().uri("/api/v1/files/huge.bin").exchange().expectStatus().isNotFound();
        try (Stream<Path> staged = Files.list(disk.path().resolve("root/.sluice/tmp"))) {
            assertThat(staged).isEmpty();
        }
        client.get()
                .uri("/api/v1/files/before.txt")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("still here");
        client.put()
                .uri("/api/v1/files/after.txt")
                .bodyValue("fits".getBytes())
                .exchange()
                .expectStatus()
                .isCreated();
    }
}
