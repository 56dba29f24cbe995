package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Assertions and digests shared by the black-box API tests. */
final class ApiAssertions {

    static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {};
    static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_ARRAY =
            new ParameterizedTypeReference<>() {};

    private ApiAssertions() {}

    /**
     * Asserts an RFC 9457 problem as API.md describes it and returns the exchange, for further checks of headers
     * and extra members.
     *
     * @param instance the request path the problem must name
     */
    static EntityExchangeResult<Map<String, Object>> assertProblem(
            WebTestClient.ResponseSpec response, HttpStatus status, String code, String instance) {
        EntityExchangeResult<Map<String, Object>> result = response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JSON_OBJECT)
                .returnResult();
        Map<String, Object> body = result.getResponseBody();
        assertThat(body)
                .isNotNull()
                .containsEntry("type", "about:blank")
                .containsEntry("title", rfc9110Phrase(status))
                .containsEntry("status", status.value())
                .containsEntry("instance", instance)
                .containsEntry("code", code);
        assertThat(body.get("detail")).asString().isNotBlank();
        return result;
    }

    /**
     * The status phrase RFC 9110 recommends, which RFC 9457 §4.2.1 asks an {@code about:blank} problem to use as its
     * title. Spring's {@link HttpStatus} still has RFC 2616's phrase for 416.
     */
    static String rfc9110Phrase(HttpStatus status) {
        return status.value() == 416
                ? "Range Not Satisfiable"
                : HttpStatus.valueOf(status.value()).getReasonPhrase();
    }

    /**
     * Asserts the headers API.md requires on every 200/206 that carries an object's content (inline).
     *
     * @param whole the object's whole content, whatever part of it the response carries
     */
    static void assertRepresentationHeaders(HttpHeaders headers, byte[] whole, String lastModified, String name) {
        assertThat(headers.getFirst(HttpHeaders.ACCEPT_RANGES)).isEqualTo("bytes");
        assertThat(headers.getETag()).isEqualTo(etagOf(whole));
        assertThat(headers.getFirst(HttpHeaders.LAST_MODIFIED)).isEqualTo(lastModified);
        assertThat(headers.getFirst("Repr-Digest")).isEqualTo(sha256Digest(whole));
        assertThat(headers.getCacheControl()).isEqualTo("private, no-cache"); // the tests authenticate
        assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(headers.getFirst("Content-Security-Policy")).isEqualTo("sandbox");
        assertThat(headers.getFirst(HttpHeaders.CONTENT_DISPOSITION))
                .isEqualTo("inline; filename=\"" + name + "\"; filename*=UTF-8''" + name);
    }

    /** The strong ETag the server derives from content: the quoted SHA-256 hex. */
    static String etagOf(byte[] content) {
        return "\"" + HexFormat.of().formatHex(digest("SHA-256", content)) + "\"";
    }

    static String sha256Hex(byte[] content) {
        return HexFormat.of().formatHex(digest("SHA-256", content));
    }

    /** An RFC 9530 digest field member: {@code sha-256=:<base64>:}. */
    static String sha256Digest(byte[] content) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(digest("SHA-256", content)) + ":";
    }

    static String sha512Digest(byte[] content) {
        return "sha-512=:" + Base64.getEncoder().encodeToString(digest("SHA-512", content)) + ":";
    }

    /** Polls {@code count} until it reads zero, failing after {@code timeout}. */
    static void awaitZero(LongSupplier count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = count.getAsLong();
        while (last != 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while polling", e);
            }
            last = count.getAsLong();
        }
        assertThat(last).as("count after %s", timeout).isZero();
    }

    private static byte[] digest(String algorithm, byte[] content) {
        try {
            return MessageDigest.getInstance(algorithm).digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
