package dev.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The page's way in: CSRF cookie, {@code POST /login} (JSON and form), the signed session cookie on later requests
 * (CSRF header needed for writes), a second instance accepting the same cookie, and logout.
 */
class SessionCookieTest extends SecurityTestSupport {

    @Test
    void loginNeedsTheCsrfHeaderThenTheSessionCookieAuthenticatesReadsAndCsrfGuardsWrites() {
        String xsrf = csrfCookie();
        client.post()
                .uri(uri("/login"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"alice\",\"password\":\"" + PASSWORD + "\"}")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("forbidden");

        EntityExchangeResult<byte[]> login = client.post()
                .uri(uri("/login"))
                .contentType(MediaType.APPLICATION_JSON)
                .cookie("XSRF-TOKEN", xsrf)
                .header("X-XSRF-TOKEN", xsrf)
                .bodyValue("{\"name\":\"alice\",\"password\":\"" + PASSWORD + "\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.name")
                .isEqualTo("alice")
                .jsonPath("$.roles")
                .isEqualTo(List.of("writer", "reader"))
                .jsonPath("$.home")
                .isEqualTo("alice/")
                .returnResult();
        ResponseCookie session = login.getResponseCookies().getFirst(SessionCookies.COOKIE);
        assertThat(session).isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");
        assertThat(session.getMaxAge()).isPositive();
        String cookie = session.getValue();

        client.get()
                .uri(uri("/api/v1/me"))
                .cookie(SessionCookies.COOKIE, cookie)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.name")
                .isEqualTo("alice")
                .jsonPath("$.authenticated")
                .isEqualTo(true);
        client.get()
                .uri(uri("/api/v1/files?prefix=alice/"))
                .cookie(SessionCookies.COOKIE, cookie)
                .exchange()
                .expectStatus()
                .isOk();
        client.get()
                .uri(uri("/api/v1/files?prefix=bob/"))
                .cookie(SessionCookies.COOKIE, cookie)
                .exchange()
                .expectStatus()
                .isForbidden();

        String key = "/api/v1/files/alice/session-" + System.nanoTime() + ".txt";
        client.put()
                .uri(uri(key))
                .cookie(SessionCookies.COOKIE, cookie)
                .bodyValue("x")
                .exchange()
                .expectStatus()
                .isForbidden();
        client.head()
                .uri(uri(key))
                .cookie(SessionCookies.COOKIE, cookie)
                .exchange()
                .expectStatus()
                .isNotFound();
        client.put()
                .uri(uri(key))
                .cookie(SessionCookies.COOKIE, cookie)
                .cookie("XSRF-TOKEN", xsrf)
                .header("X-XSRF-TOKEN", xsrf)
                .bodyValue("x")
                .exchange()
                .expectStatus()
                .isCreated();

        EntityExchangeResult<byte[]> logout = client.post()
                .uri(uri("/logout"))
                .cookie(SessionCookies.COOKIE, cookie)
                .cookie("XSRF-TOKEN", xsrf)
                .header("X-XSRF-TOKEN", xsrf)
                .exchange()
                .expectStatus()
                .isNoContent()
                .expectBody()
                .returnResult();
        ResponseCookie cleared = logout.getResponseCookies().getFirst(SessionCookies.COOKIE);
        assertThat(cleared).isNotNull();
        assertThat(cleared.getMaxAge().isZero()).isTrue();
        // The cookie itself is void now, wherever a copy of it is (the logout is kept in storage)
        client.get()
                .uri(uri("/api/v1/files?prefix=alice/"))
                .cookie(SessionCookies.COOKIE, cookie)
                .exchange()
                .expectStatus()
                .isUnauthorized();
        client.get()
                .uri(uri("/api/v1/me"))
                .cookie(SessionCookies.COOKIE, cookie)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.authenticated")
                .isEqualTo(false);
        // Logging in again at once gives a session that works
        String again = login(xsrf, "alice");
        client.get()
                .uri(uri("/api/v1/files?prefix=alice/"))
                .cookie(SessionCookies.COOKIE, again)
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void theCsrfTokenIsRotatedAtLogin() {
        String xsrf = csrfCookie();
        ResponseCookie rotated = client.post()
                .uri(uri("/login"))
                .contentType(MediaType.APPLICATION_JSON)
                .cookie("XSRF-TOKEN", xsrf)
                .header("X-XSRF-TOKEN", xsrf)
                .bodyValue("{\"name\":\"reader\",\"password\":\"" + PASSWORD + "\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseCookies()
                .getFirst("XSRF-TOKEN");
        assertThat(rotated).isNotNull();
        assertThat(rotated.getValue()).isNotEmpty().isNotEqualTo(xsrf);
    }

    @Test
    void aFormLoginWorksAndAWrongPasswordIsAProblemWithoutABasicChallengeForScripts() {
        String xsrf = csrfCookie();
        MultiValueMap<String, String> form = new org.springframework.util.LinkedMultiValueMap<>();
        form.add("username", "reader");
        form.add("password", PASSWORD);
        client.post()
                .uri(uri("/login"))
                .cookie("XSRF-TOKEN", xsrf)
                .header("X-XSRF-TOKEN", xsrf)
                .body(BodyInserters.fromFormData(form))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.name")
                .isEqualTo("reader");

        client.post()
                .uri(uri("/login"))
                .contentType(MediaType.APPLICATION_JSON)
                .cookie("XSRF-TOKEN", xsrf)
                .header("X-XSRF-TOKEN", xsrf)
                .header("X-Requested-With", "XMLHttpRequest")
                .bodyValue("{\"name\":\"reader\",\"password\":\"nope\"}")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"Sluice\"")
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("unauthorized");
    }

    @Test
    void aTamperedOrForeignCookieIsNoSession() {
        String xsrf = csrfCookie();
        String cookie = login(xsrf, "writer");
        String[] parts = cookie.split("\\.");
        String otherUser = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("admin".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String forged : List.of(
                otherUser + "." + parts[1] + "." + parts[2],
                parts[0] + "." + (Long.parseLong(parts[1]) + 3600) + "." + parts[2],
                cookie + "x",
                "garbage")) {
            client.get()
                    .uri(uri("/api/v1/files?prefix=bob/"))
                    .cookie(SessionCookies.COOKIE, forged)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
        }
    }

    @Test
    void webDavNeverAcceptsTheSessionCookie() {
        String xsrf = csrfCookie();
        String cookie = login(xsrf, "writer");
        client.method(HttpMethod.valueOf("PROPFIND"))
                .uri(uri("/dav/"))
                .header("Depth", "0")
                .cookie(SessionCookies.COOKIE, cookie)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .value(
                        HttpHeaders.WWW_AUTHENTICATE,
                        challenge -> assertThat(challenge).startsWith("Basic "));
        client.put()
                .uri(uri("/dav/forged.txt"))
                .cookie(SessionCookies.COOKIE, cookie)
                .cookie("XSRF-TOKEN", xsrf)
                .header("X-XSRF-TOKEN", xsrf)
                .bodyValue("x")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        client.get()
                .uri(uri("/api/v1/files/forged.txt"))
                .cookie(SessionCookies.COOKIE, cookie)
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    String login(String xsrf, String name) {
        return client.post()
                .uri(uri("/login"))
                .contentType(MediaType.APPLICATION_JSON)
                .cookie("XSRF-TOKEN", xsrf)
                .header("X-XSRF-TOKEN", xsrf)
                .bodyValue("{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseCookies()
                .getFirst(SessionCookies.COOKIE)
                .getValue();
    }

    /** The CSRF cookie a page gets on its first request. */
    String csrfCookie() {
        ResponseCookie xsrf = client.get()
                .uri(uri("/api/v1/me"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseCookies()
                .getFirst("XSRF-TOKEN");
        assertThat(xsrf).isNotNull();
        assertThat(xsrf.isHttpOnly()).isFalse();
        return xsrf.getValue();
    }
}
