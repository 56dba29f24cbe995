package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Downloads with {@code sluice.storage.zero-copy=false}: whole and single-range bodies then stream through
 * {@code AsynchronousFileChannel} reads instead of {@code sendfile}. Its own context on purpose: the switch is
 * start-up configuration (the shared API tests run with zero-copy on).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
// Local disk only: its own context on the local backend (see ApiTestSupport.LOCAL_DISK)
@Tag(ApiTestSupport.LOCAL_DISK)
class StreamedDownloadApiTest {

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
        registry.add("sluice.storage.min-free-space", () -> "0");
        registry.add("sluice.storage.zero-copy", () -> "false");
    }

    @Test
    void wholeAndRangedDownloadsStreamTheExactBytes() {
        byte[] content = new byte[1_000_000];
        new Random(7).nextBytes(content);
        client.put()
                .uri("/api/v1/files/s/big.bin")
                .bodyValue(content)
                .exchange()
                .expectStatus()
                .isCreated();

        WebTestClient client = this.client
                .mutate()
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 << 20))
                .build();
        byte[] whole = client.get()
                .uri("/api/v1/files/s/big.bin")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentLength(content.length)
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        assertThat(whole).isEqualTo(content);

        byte[] slice = client.get()
                .uri("/api/v1/files/s/big.bin")
                .header(HttpHeaders.RANGE, "bytes=1000-299999")
                .exchange()
                .expectStatus()
                .isEqualTo(206)
                .expectHeader()
                .valueEquals(HttpHeaders.CONTENT_RANGE, "bytes 1000-299999/1000000")
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        assertThat(slice).isEqualTo(java.util.Arrays.copyOfRange(content, 1000, 300_000));
    }

    @Test
    void anEmptyObjectDownloadsAsAnEmptyBody() {
        client.put()
                .uri("/api/v1/files/s/empty.txt")
                .bodyValue(new byte[0])
                .exchange()
                .expectStatus()
                .isCreated();
        client.get()
                .uri("/api/v1/files/s/empty.txt")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentLength(0)
                .expectBody()
                .isEmpty();
    }

    private static Path createRoot() {
        try {
            return Files.createTempDirectory("sluice-streamed-test");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
