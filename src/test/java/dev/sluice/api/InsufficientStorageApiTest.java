package dev.sluice.api;

import static dev.sluice.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The free-space threshold: with {@code min-free-space} larger than any disk, every upload is refused with 507
 * before its body is read, and nothing is stored. Its own context on purpose: the threshold is start-up
 * configuration.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
// Local disk only: its own context on the local backend (see ApiTestSupport.LOCAL_DISK)
@Tag(ApiTestSupport.LOCAL_DISK)
class InsufficientStorageApiTest {

    private static final Path ROOT = createRoot();

    @Autowired
    WebTestClient client;

    @org.junit.jupiter.api.BeforeEach
    void authorize() {
        client = dev.sluice.testing.TestTokens.authorized(client);
    }

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        dev.sluice.testing.TestTokens.register(registry);
        registry.add("sluice.storage.root", ROOT::toString);
        registry.add("sluice.storage.min-free-space", () -> "1000000TB");
    }

    @Test
    void aPutThatWouldGoBelowTheThresholdIs507AndStoresNothing() throws IOException {
        assertProblem(
                client.put()
                        .uri("/api/v1/files/full.bin")
                        .bodyValue(new byte[1024])
                        .exchange(),
                507,
                "insufficient-storage",
                "/api/v1/files/full.bin");
        assertThat(objectFiles()).isZero();
    }

    @Test
    void aMultipartUploadIsRefusedLikewise() throws IOException {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("file", new byte[16]).filename("x.bin");
        assertProblem(
                client.post()
                        .uri("/api/v1/files")
                        .body(BodyInserters.fromMultipartData(parts.build()))
                        .exchange(),
                507,
                "insufficient-storage",
                "/api/v1/files");
        assertThat(objectFiles()).isZero();
    }

    @Test
    void readsStillWork() {
        client.get().uri("/api/v1/files").exchange().expectStatus().isOk();
    }

    /** Files anywhere under the root except Sluice's own format marker and lock. */
    private static long objectFiles() throws IOException {
        try (var files = Files.walk(ROOT)) {
            return files.filter(Files::isRegularFile)
                    .filter(path -> !path.getParent().equals(ROOT.resolve(".sluice")))
                    .count();
        }
    }

    private static Path createRoot() {
        try {
            return Files.createTempDirectory("sluice-full-test");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
