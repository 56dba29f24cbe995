package dev.sluice.security;

import dev.sluice.SluiceApplication;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A second instance next to the shared security test server: its own storage root, the same configuration and
 * secret, and {@code anonymous-read=true}. A session cookie issued by the first instance works here, and anyone
 * may list and download but not write.
 */
class SecondInstanceTest extends SecurityTestSupport {

    private static ConfigurableApplicationContext second;
    private static WebTestClient other;

    @BeforeAll
    static void startSecondInstance() {
        Path root = tempRoot("sluice-second-instance");
        Map<String, Object> properties = new java.util.LinkedHashMap<>();
        properties.put("server.port", 0);
        properties.put("sluice.storage.root", root.toString());
        properties.put("sluice.storage.min-free-space", "1MB");
        properties.put("sluice.security.secret", SECRET);
        properties.put("sluice.security.anonymous-read", true);
        String[] users = {"reader:reader:", "writer:writer:", "admin:admin:", "alice:writer:alice/"};
        for (int i = 0; i < users.length; i++) {
            String[] user = users[i].split(":", -1);
            properties.put("sluice.security.users[" + i + "].name", user[0]);
            properties.put("sluice.security.users[" + i + "].password", HASH);
            properties.put("sluice.security.users[" + i + "].roles", user[1]);
            if (!user[2].isEmpty()) {
                properties.put("sluice.security.users[" + i + "].home", user[2]);
            }
        }
        // As arguments, not builder properties: those are defaults, which application.yml would override.
        String[] arguments = properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        second = new SpringApplicationBuilder(SluiceApplication.class).run(arguments);
        int port = ((WebServerApplicationContext) second).getWebServer().getPort();
        other = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }

    @AfterAll
    static void stopSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void aSessionCookieFromTheFirstInstanceIsValidOnTheSecond() {
        SessionCookieTest first = new SessionCookieTest();
        first.client = client;
        first.port = port;
        String cookie = first.login(first.csrfCookie(), "alice");
        other.get()
                .uri("/api/v1/me")
                .cookie(SessionCookies.COOKIE, cookie)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.name")
                .isEqualTo("alice")
                .jsonPath("$.home")
                .isEqualTo("alice/");
        other.get()
                .uri("/api/v1/files?prefix=alice/")
                .cookie(SessionCookies.COOKIE, cookie)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody();
    }

    @Test
    void anonymousReadLetsAnyoneListAndDownloadButNotWrite() {
        other.put()
                .uri("/api/v1/files/public/a.txt")
                .header(HttpHeaders.AUTHORIZATION, basic("writer", PASSWORD))
                .bodyValue("hello")
                .exchange()
                .expectStatus()
                .isCreated();
        other.get()
                .uri("/api/v1/files?prefix=public/")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items[0].key")
                .isEqualTo("public/a.txt");
        other.get()
                .uri("/api/v1/files/public/a.txt")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
                .expectBody(String.class)
                .isEqualTo("hello");
        other.get()
                .uri("/api/v1/me")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.authenticated")
                .isEqualTo(false)
                .jsonPath("$.roles[0]")
                .isEqualTo("reader");
        other.put()
                .uri("/api/v1/files/public/b.txt")
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("no")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        other.delete()
                .uri("/api/v1/files/public/a.txt")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        other.head().uri("/api/v1/files/public/b.txt").exchange().expectStatus().isNotFound();
        other.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
    }
}
