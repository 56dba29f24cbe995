package dev.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.TestTokens;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The answer's timing does not tell which user names exist: a wrong password for a real user (BCrypt cost 10) and
 * any password for a name nobody has take about as long, on HTTP Basic and on {@code POST /login}. And a script
 * sending the right Basic credentials on every request pays BCrypt once, not each time (the rates are printed;
 * the only assertion is that remembered checks are not slower than BCrypt ones). A server of its own, with a
 * user of a realistic BCrypt cost and no throttling in the way.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class LoginTimingApiTest {

    private static final String PASSWORD = "a realistic password";
    private static final int ROUNDS = 7;

    @LocalServerPort
    int port;

    @Autowired
    WebTestClient client;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add(
                "sluice.storage.root",
                () -> SecurityTestSupport.tempRoot("sluice-timing-test").toString());
        registry.add("sluice.storage.min-free-space", () -> "1MB");
        registry.add("sluice.security.throttle.max-failures", () -> "100000");
        registry.add("sluice.security.users[0].name", () -> "slow");
        registry.add(
                "sluice.security.users[0].password", () -> "{bcrypt}" + new BCryptPasswordEncoder(10).encode(PASSWORD));
        registry.add("sluice.security.users[0].roles", () -> "reader");
        TestTokens.register(registry);
    }

    @Test
    void basicTakesAsLongForAnUnknownNameAsForAWrongPassword() {
        basic("slow", "warm-up").expectStatus().isUnauthorized();
        long known = median(() -> basic("slow", "wrong").expectStatus().isUnauthorized());
        long unknown = median(() -> basic("nobody", "wrong").expectStatus().isUnauthorized());
        System.out.printf(
                "basic: wrong password %d ms, unknown name %d ms (medians of %d)%n",
                known / 1_000_000, unknown / 1_000_000, ROUNDS);
        assertThat(unknown).isGreaterThan(known / 2);
    }

    @Test
    void loginTakesAsLongForAnUnknownNameAsForAWrongPassword() {
        login("slow", "warm-up");
        long known = median(() -> login("slow", "wrong"));
        long unknown = median(() -> login("nobody", "wrong"));
        System.out.printf(
                "login: wrong password %d ms, unknown name %d ms (medians of %d)%n",
                known / 1_000_000, unknown / 1_000_000, ROUNDS);
        assertThat(unknown).isGreaterThan(known / 2);
    }

    @Test
    void theRightBasicCredentialsPayBcryptOnce() {
        basic("slow", PASSWORD).expectStatus().isOk();
        int requests = 40;
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            basic("slow", PASSWORD).expectStatus().isOk();
        }
        long remembered = System.nanoTime() - start;
        start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            basic("slow", "wrong").expectStatus().isUnauthorized(); // always BCrypt: failures are never remembered
        }
        long bcrypt = System.nanoTime() - start;
        System.out.printf(
                "basic, %d sequential requests each: right password (remembered) %.0f req/s, wrong "
                        + "password (BCrypt each time) %.0f req/s%n",
                requests, requests * 1e9 / remembered, requests * 1e9 / bcrypt);
        assertThat(remembered).isLessThan(bcrypt);
    }

    private void login(String name, String password) {
        client.post()
                .uri("http://localhost:" + port + "/login")
                .contentType(MediaType.APPLICATION_JSON)
                .cookie("XSRF-TOKEN", "t")
                .header("X-XSRF-TOKEN", "t")
                .bodyValue("{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    private WebTestClient.ResponseSpec basic(String name, String password) {
        return client.get()
                .uri("http://localhost:" + port + "/api/v1/limits")
                .header(HttpHeaders.AUTHORIZATION, SecurityTestSupport.basic(name, password))
                .exchange();
    }

    private static long median(Supplier<?> request) {
        long[] times = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            request.get();
            times[i] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        return times[ROUNDS / 2];
    }

    private static long median(Runnable request) {
        return median(() -> {
            request.run();
            return null;
        });
    }
}
