package dev.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Failed logins are throttled per client address and per (address, user) pair, on every way in (Basic, bearer, the
 * login form): after 3 failures within a 5-second window, even the right password from there gets 429 with
 * Retry-After, until the window is over. The same user from another address is only slowed down, a valid token is
 * never refused, and a full tracking table forgets its oldest entries instead of refusing everyone. Other
 * addresses are other loopback addresses (127.0.0.0/8). A server of its own, so that its short window cannot
 * disturb other tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class LoginThrottleApiTest {

    @LocalServerPort
    int port;

    @Autowired
    WebTestClient client;

    @DynamicPropertySource
    static void throttle(DynamicPropertyRegistry registry) {
        registry.add(
                "sluice.storage.root",
                () -> SecurityTestSupport.tempRoot("sluice-throttle-test").toString());
        registry.add("sluice.storage.min-free-space", () -> "1MB");
        registry.add("sluice.security.throttle.max-failures", () -> "3");
        registry.add("sluice.security.throttle.window", () -> "5s");
        registry.add("sluice.security.throttle.max-tracked", () -> "20");
        registry.add("sluice.security.throttle.user-slowdown", () -> "300ms");
        SecurityTestSupport.users(registry);
        TestTokens.register(registry);
    }

    @Test
    void threeFailuresBlockEvenTheRightPasswordUntilTheWindowEnds() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            basic("writer", "wrong").expectStatus().isUnauthorized();
        }
        basic("writer", SecurityTestSupport.PASSWORD)
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .value(
                        HttpHeaders.RETRY_AFTER,
                        value -> assertThat(Long.parseLong(value)).isBetween(1L, 5L))
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("too-many-requests");
        // The address is blocked too: other users' passwords from it wait as well, but a valid token never does
        client.get()
                .uri("http://localhost:" + port + "/api/v1/limits")
                .header(HttpHeaders.AUTHORIZATION, TestTokens.BEARER)
                .exchange()
                .expectStatus()
                .isOk();
        client.get()
                .uri("http://localhost:" + port + "/api/v1/limits")
                .header(HttpHeaders.AUTHORIZATION, "Bearer not-a-token")
                .exchange()
                .expectStatus()
                .isEqualTo(429);
        client.post()
                .uri("http://localhost:" + port + "/login")
                .contentType(MediaType.APPLICATION_JSON)
                .cookie("XSRF-TOKEN", "t")
                .header("X-XSRF-TOKEN", "t")
                .bodyValue("{\"name\":\"reader\",\"password\":\"" + SecurityTestSupport.PASSWORD + "\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(429);

        Thread.sleep(5_100); // the window, configured above; waiting is the behaviour under test
        basic("writer", SecurityTestSupport.PASSWORD).expectStatus().isOk();
    }

    @Test
    void wrongPasswordsFromOneAddressDoNotLockTheUserOutFromAnother() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(basicFrom("127.0.0.3", "reader", "wrong")).startsWith("HTTP/1.1 401");
        }
        assertThat(basicFrom("127.0.0.3", "reader", SecurityTestSupport.PASSWORD))
                .startsWith("HTTP/1.1 429");
        // The rightful user, elsewhere: slowed down (the user is over its limit), not refused
        long start = System.nanoTime();
        assertThat(basicFrom("127.0.0.4", "reader", SecurityTestSupport.PASSWORD))
                .startsWith("HTTP/1.1 200");
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(250);
    }

    @Test
    void aFullTrackingTableNeverRefusesNewCallers() throws Exception {
        // One failure from each of many addresses, far more than max-tracked (20)
        for (int i = 0; i < 60; i++) {
            assertThat(basicFrom("127.0.1." + (i + 1), "nobody-" + i, "wrong")).startsWith("HTTP/1.1 401");
        }
        assertThat(basicFrom("127.0.2.1", "writer", SecurityTestSupport.PASSWORD))
                .startsWith("HTTP/1.1 200");
        assertThat(exchangeFrom("127.0.2.2", "Authorization: " + TestTokens.BEARER))
                .startsWith("HTTP/1.1 200");
    }

    /** A Basic request sent from {@code address} (any 127.0.0.0/8 address is this machine). */
    private String basicFrom(String address, String name, String password) throws Exception {
        return exchangeFrom(address, "Authorization: " + SecurityTestSupport.basic(name, password));
    }

    private String exchangeFrom(String address, String header) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(
                java.net.InetAddress.getByName("127.0.0.1"), port, java.net.InetAddress.getByName(address), 0)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET /api/v1/limits HTTP/1.1\r\nHost: localhost\r\n" + header
                                    + "\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private WebTestClient.ResponseSpec basic(String name, String password) {
        return client.get()
                .uri("http://localhost:" + port + "/api/v1/limits")
                .header(HttpHeaders.AUTHORIZATION, SecurityTestSupport.basic(name, password))
                .exchange();
    }
}
