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
 * Failed logins are throttled per client address and per user name, on every way in (Basic, bearer, the login
 * form): after 3 failures within a 2-second window, even the right password gets 429 with Retry-After, until the
 * window is over. A server of its own, so that its short window cannot disturb other tests.
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
        registry.add("sluice.storage.root", () -> SecurityTestSupport.tempRoot("sluice-throttle-test").toString());
        registry.add("sluice.storage.min-free-space", () -> "1MB");
        registry.add("sluice.security.throttle.max-failures", () -> "3");
        registry.add("sluice.security.throttle.window", () -> "2s");
        SecurityTestSupport.users(registry);
        TestTokens.register(registry);
    }

    @Test
    void threeFailuresBlockEvenTheRightPasswordUntilTheWindowEnds() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            basic("writer", "wrong").expectStatus().isUnauthorized();
        }
        basic("writer", SecurityTestSupport.PASSWORD).expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, value -> assertThat(Long.parseLong(value))
                        .isBetween(1L, 2L))
                .expectBody().jsonPath("$.code").isEqualTo("too-many-requests");
        // The address is blocked too: other users and tokens from it wait as well
        client.get().uri("http://localhost:" + port + "/api/v1/limits")
                .header(HttpHeaders.AUTHORIZATION, TestTokens.BEARER).exchange()
                .expectStatus().isEqualTo(429);
        client.post().uri("http://localhost:" + port + "/login").contentType(MediaType.APPLICATION_JSON)
                .cookie("XSRF-TOKEN", "t").header("X-XSRF-TOKEN", "t")
                .bodyValue("{\"name\":\"reader\",\"password\":\"" + SecurityTestSupport.PASSWORD + "\"}").exchange()
                .expectStatus().isEqualTo(429);

        Thread.sleep(2_100); // the window, configured above; waiting is the behaviour under test
        basic("writer", SecurityTestSupport.PASSWORD).expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec basic(String name, String password) {
        return client.get().uri("http://localhost:" + port + "/api/v1/limits")
                .header(HttpHeaders.AUTHORIZATION, SecurityTestSupport.basic(name, password)).exchange();
    }
}
