package dev.sluice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
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
 *
 * <p>With the system property {@code sluice.test.backend=s3} (the build's {@code api-on-s3} test run) the same
 * server stores its objects in a versioned bucket of an in-process s3proxy ({@link S3TestServer}) instead, so the
 * same tests check the API on the S3 backend; with {@code sluice.test.backend=rgw} (the {@code api-on-rgw} run) in a
 * bucket of a throw-away Ceph RGW ({@link CephGateway}), a real distributed S3 engine. Tests that only make sense on local disk are tagged
 * {@value #LOCAL_DISK} and left out of that run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ExtendWith(CephGateway.Lifecycle.class)
public abstract class ApiTestSupport {

    /** Set small so that limit tests stay fast. */
    public static final int MAX_FILE_SIZE = 4 * 1024 * 1024;

    public static final int MAX_PARTS = 20;

    /** The tag of tests that inspect or break the local backend's files, excluded from the S3 run. */
    public static final String LOCAL_DISK = "local-disk";

    /** The S3 run's key prefix: objects live under it, as with a shared bucket. */
    public static final String S3_KEY_PREFIX = "api/";

    private static final Path ROOT = createRoot();
    private static final boolean ON_S3 = Set.of("s3", "rgw").contains(System.getProperty("sluice.test.backend", ""));
    private static final String BUCKET = ON_S3 ? S3TestServer.get().newBucket(true) : null;
    /** On RGW the publish locks need an unversioned bucket (see S3Properties.lockBucket). */
    private static final String LOCK_BUCKET = ON_S3 && S3TestServer.get().kind() == S3TestServer.Kind.RGW
            ? S3TestServer.get().newBucket(false)
            : null;

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
        if (ON_S3) {
            registry.add("sluice.storage.type", () -> "s3");
            registry.add(
                    "sluice.storage.s3.endpoint",
                    () -> S3TestServer.get().endpoint().toString());
            registry.add("sluice.storage.s3.bucket", () -> BUCKET);
            registry.add(
                    "sluice.storage.s3.access-key", () -> S3TestServer.get().accessKey());
            registry.add(
                    "sluice.storage.s3.secret-key", () -> S3TestServer.get().secretKey());
            registry.add("sluice.storage.s3.part-size", () -> "5MB");
            registry.add("sluice.storage.s3.key-prefix", () -> S3_KEY_PREFIX);
            if (LOCK_BUCKET != null) {
                registry.add("sluice.storage.s3.lock-bucket", () -> LOCK_BUCKET);
            }
        }
    }

    /** The bucket of the S3 run; null on local disk. */
    protected static String bucket() {
        return BUCKET;
    }

    /** True in the run on the S3 backend. */
    protected static boolean onS3() {
        return ON_S3;
    }

    @BeforeEach
    void newFolder() {
        folder = "t-" + UUID.randomUUID() + "/";
        // Security stays on in the API tests: every request passes the filter chain (under BlockHound) as admin.
        client = TestTokens.authorized(client);
        if (LOCK_BUCKET != null) {
            // On the gateway every publish is about seven S3 requests to a three-daemon cluster (lock, HEAD, folder
            // check, copy, deletes): a request that publishes 20 files can pass WebTestClient's default 5 s on
            // a busy machine. The tests check outcomes, not speed.
            client = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
        }
    }

    /**
     * The OpenAPI document, fetched with a long timeout. springdoc builds it on its first request (a scan of every
     * controller, which took over 5 s on a loaded two-core machine) and caches it; a client that gave up earlier
     * would send its next request into springdoc's lock. Tests that fetch the document, or a page that loads it,
     * call this first.
     */
    protected String apiDocs() {
        return client.mutate()
                .responseTimeout(Duration.ofMinutes(2))
                .build()
                .get()
                .uri(uri("/v3/api-docs"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
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
        return client.put()
                .uri(files(rawKey))
                .bodyValue(content)
                .exchange()
                .expectStatus()
                .is2xxSuccessful()
                .expectBody()
                .returnResult()
                .getResponseHeaders()
                .getETag();
    }

    /**
     * In-progress or leftover uploads: the files in the local root's temp folder, or on S3 the objects under
     * {@code .sluice/} (staging objects) plus the open multipart uploads.
     */
    protected static long stagingFiles() {
        if (ON_S3) {
            return S3TestServer.get().uploadLeftovers(BUCKET, S3_KEY_PREFIX).size();
        }
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
