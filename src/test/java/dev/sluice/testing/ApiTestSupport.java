package dev.sluice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the full-server API tests: one real server on a random port over a temp storage root, shared by every
 * subclass (same configuration, so Spring caches one context). Each test works under its own random folder, so
 * tests never see each other's objects.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
public abstract class ApiTestSupport {

    /** Set small so that limit tests stay fast. */
    public static final int MAX_FILE_SIZE = 4 * 1024 * 1024;
    public static final int MAX_PARTS = 20;

    private static final Path ROOT = createRoot();

    @LocalServerPort
    protected int port;

    @Autowired
    protected WebTestClient client;

    /** A folder of this test's own, ending in '/'. */
    protected String folder;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
        TestTokens.registerPageUser(registry);
        registry.add("sluice.storage.root", ROOT::toString);
        registry.add("sluice.storage.min-free-space", () -> "1MB");
        registry.add("sluice.upload.max-file-size", () -> MAX_FILE_SIZE + "B");
        registry.add("sluice.upload.max-parts", () -> MAX_PARTS);
    }

    @BeforeEach
    void newFolder() {
        folder = "t-" + UUID.randomUUID() + "/";
        // Security stays on in the API tests: every request passes the filter chain (under BlockHound) as admin.
        client = TestTokens.authorized(client);
    }

    /** The storage root of the shared server. */
    protected static Path root() {
        return ROOT;
    }

    /** An absolute URI for a raw (already percent-encoded) path and query, sent as is. */
    protected URI uri(String rawPathAndQuery) {
        return URI.create("http://localhost:" + port + rawPathAndQuery);
    }

    /** The raw URI of an object's content; {@code rawKey} is sent as is. */
    protected URI files(String rawKey) {
        return uri("/api/v1/files/" + rawKey);
    }

    /**
     * Stores {@code content} at {@code rawKey} with a raw PUT and returns the response's ETag. The response body is
     * consumed ({@code expectBody}), not left in an unread {@code returnResult} Flux, whose buffers would leak.
     */
    protected String put(String rawKey, byte[] content) {
        return client.put().uri(files(rawKey)).bodyValue(content).exchange()
                .expectStatus().is2xxSuccessful()
                .expectBody().returnResult().getResponseHeaders().getETag();
    }

    /** The files under the storage root's temp folder: in-progress or leftover uploads. */
    protected static long stagingFiles() {
        try (var files = Files.list(ROOT.resolve(".sluice/tmp"))) {
            return files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createRoot() {
        try {
            Path root = Files.createTempDirectory("sluice-api-test");
            root.toFile().deleteOnExit();
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
