package dev.sluice.security;

import dev.sluice.testing.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A server with security on and one caller of each kind: users {@code reader}, {@code writer}, {@code admin} and
 * {@code alice} (writer, home {@code alice/}), a writer token and a writer token confined to {@code alice/}, plus
 * the admin token of the other API tests. Its session secret is configured, and shared with the second instance
 * {@link SecondInstanceTest} starts, to show that a session cookie works on another instance.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
abstract class SecurityTestSupport {

    static final String PASSWORD = "correct horse battery";
    static final String WRITER_TOKEN = "writer-token-4b9e";
    static final String ALICE_TOKEN = "alice-token-81aa";
    static final String SECRET = "a-shared-test-secret-of-at-least-32-characters";
    /** BCrypt with the lowest cost, so that tests spend their time on requests, not on hashing. */
    static final String HASH = "{bcrypt}" + new BCryptPasswordEncoder(4).encode(PASSWORD);

    private static final Path ROOT = tempRoot("sluice-security-test");

    @LocalServerPort
    protected int port;

    @Autowired
    protected WebTestClient client;

    @DynamicPropertySource
    static void security(DynamicPropertyRegistry registry) {
        registry.add("sluice.storage.root", ROOT::toString);
        registry.add("sluice.storage.min-free-space", () -> "1MB");
        registry.add("sluice.security.secret", () -> SECRET);
        // Far more failures than the matrix makes: throttling has its own test with its own server.
        registry.add("sluice.security.throttle.max-failures", () -> "100000");
        users(registry);
        TestTokens.register(registry);
        token(registry, 1, "writer-token", WRITER_TOKEN, "writer", null);
        token(registry, 2, "alice-token", ALICE_TOKEN, "writer", "alice/");
    }

    static void users(DynamicPropertyRegistry registry) {
        user(registry, 0, "reader", "reader", null);
        user(registry, 1, "writer", "writer", null);
        user(registry, 2, "admin", "admin", null);
        user(registry, 3, "alice", "writer", "alice/");
    }

    static void user(DynamicPropertyRegistry registry, int i, String name, String roles, String home) {
        registry.add("sluice.security.users[" + i + "].name", () -> name);
        registry.add("sluice.security.users[" + i + "].password", () -> HASH);
        registry.add("sluice.security.users[" + i + "].roles", () -> roles);
        if (home != null) {
            registry.add("sluice.security.users[" + i + "].home", () -> home);
        }
    }

    static void token(DynamicPropertyRegistry registry, int i, String name, String token, String roles, String prefix) {
        registry.add("sluice.security.tokens[" + i + "].name", () -> name);
        registry.add("sluice.security.tokens[" + i + "].sha256", () -> TestTokens.sha256Hex(token));
        registry.add("sluice.security.tokens[" + i + "].roles", () -> roles);
        if (prefix != null) {
            registry.add("sluice.security.tokens[" + i + "].prefix", () -> prefix);
        }
    }

    static String basic(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    protected URI uri(String rawPathAndQuery) {
        return URI.create("http://localhost:" + port + rawPathAndQuery);
    }

    static Path tempRoot(String name) {
        try {
            Path root = Files.createTempDirectory(name);
            root.toFile().deleteOnExit();
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
