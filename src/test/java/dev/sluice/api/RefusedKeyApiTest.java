package dev.sluice.api;

import static dev.sluice.api.ProblemAssertions.assertProblem;

import dev.sluice.testing.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every key form API.md refuses gets 400 {@code invalid-key} on every route, and nothing is stored. */
class RefusedKeyApiTest extends ApiTestSupport {

    static Stream<String> refusedRawKeys() {
        return Stream.of(
                "", // empty key
                "a/", // trailing slash
                "/a", // leading slash (path //a)
                "a//b", // empty segment
                ".", // dot segment
                "..", // dot-dot segment
                "a/./b",
                "a/../b",
                "%2E%2E/x", // encoded dot-dot
                "..%2F..%2Fx", // %2F is a separator, so this holds '..' segments
                "a%5Cb", // backslash
                "a%00b", // NUL
                "a%01b", // control character
                "a%1Fb",
                "a%7Fb", // DEL
                "a%0Ab", // newline
                "%C3%28", // invalid UTF-8
                "%ED%A0%80", // an encoded surrogate: invalid UTF-8
                ".sluice/tmp/x", // reserved first segment
                ".sluice",
                "x".repeat(256), // segment over 255 bytes
                "%C3%A9".repeat(128), // 128 'é' = 256 bytes of UTF-8
                ("y".repeat(200) + "/").repeat(5) + "z".repeat(30)); // 1030 bytes
    }

    @ParameterizedTest
    @MethodSource("refusedRawKeys")
    void putOfARefusedKeyIs400AndStoresNothing(String rawKey) {
        String instance = "/api/v1/files/" + rawKey;
        assertProblem(
                client.put()
                        .uri(files(rawKey))
                        .bodyValue("x".getBytes(StandardCharsets.UTF_8))
                        .exchange(),
                400,
                "invalid-key",
                instance);
        org.assertj.core.api.Assertions.assertThat(stagingFiles()).isZero();
    }

    @ParameterizedTest
    @MethodSource("refusedRawKeys")
    void getHeadDeleteAndMetadataOfARefusedKeyAre400(String rawKey) {
        assertProblem(client.get().uri(files(rawKey)).exchange(), 400, "invalid-key", "/api/v1/files/" + rawKey);
        client.head().uri(files(rawKey)).exchange().expectStatus().isBadRequest();
        assertProblem(client.delete().uri(files(rawKey)).exchange(), 400, "invalid-key", "/api/v1/files/" + rawKey);
        assertProblem(
                client.get().uri(uri("/api/v1/metadata/" + rawKey)).exchange(),
                400,
                "invalid-key",
                "/api/v1/metadata/" + rawKey);
    }

    @ParameterizedTest
    @MethodSource("refusedPrefixes")
    void listingWithARefusedPrefixIs400(String rawPrefix) {
        assertProblem(
                client.get().uri(uri("/api/v1/files?prefix=" + rawPrefix)).exchange(),
                400,
                "invalid-key",
                "/api/v1/files");
    }

    static Stream<String> refusedPrefixes() {
        return Stream.of("/a", "a//b", "../x", "a%5Cb", "a%01", ".sluice/", "x/./y");
    }
}
