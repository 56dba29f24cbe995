package dev.sluice.api;

import static dev.sluice.api.ApiAssertions.JSON_ARRAY;
import static dev.sluice.api.ApiAssertions.assertProblem;
import static dev.sluice.api.ApiAssertions.awaitZero;
import static dev.sluice.api.ApiAssertions.etagOf;
import static dev.sluice.api.ApiAssertions.sha256Digest;
import static dev.sluice.api.ApiAssertions.sha256Hex;
import static dev.sluice.api.ApiAssertions.sha512Digest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Integrity fields on uploads (RFC 9530): Content-Digest and Repr-Digest on PUT, Content-Digest on POST. */
class DigestApiTest extends ApiTestSupport {

    private static final String CONTENT_DIGEST = "Content-Digest";
    private static final String REPR_DIGEST = "Repr-Digest";
    private static final byte[] CONTENT = "digested content".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER = "something else".getBytes(StandardCharsets.UTF_8);

    @Test
    void correctSha256ContentDigestIsAcceptedAndEchoedAsReprDigest() {
        putWith(CONTENT_DIGEST, sha256Digest(CONTENT), CONTENT)
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueEquals(REPR_DIGEST, sha256Digest(CONTENT))
                .expectBody()
                .jsonPath("$.sha256")
                .isEqualTo(sha256Hex(CONTENT));
        assertStored(CONTENT);
    }

    @Test
    void correctSha512ContentDigestIsAccepted() {
        putWith(CONTENT_DIGEST, sha512Digest(CONTENT), CONTENT)
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueEquals(REPR_DIGEST, sha256Digest(CONTENT))
                .expectBody()
                .jsonPath("$.sha256")
                .isEqualTo(sha256Hex(CONTENT));
        assertStored(CONTENT);
    }

    @Test
    void bothAlgorithmsCorrectAreAccepted() {
        putWith(CONTENT_DIGEST, sha256Digest(CONTENT) + ", " + sha512Digest(CONTENT), CONTENT)
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.sha256")
                .isEqualTo(sha256Hex(CONTENT));
        assertStored(CONTENT);
    }

    @Test
    void wrongSha256StoresNothingAndLeavesNoStagingFile() {
        assertProblem(
                putWith(CONTENT_DIGEST, sha256Digest(OTHER), CONTENT),
                HttpStatus.BAD_REQUEST,
                "digest-mismatch",
                path());
        assertProblem(client.get().uri(files(key())).exchange(), HttpStatus.NOT_FOUND, "not-found", path());
        awaitZero(ApiTestSupport::stagingFiles, Duration.ofSeconds(1));
    }

    @Test
    void wrongSha512StoresNothing() {
        assertProblem(
                putWith(CONTENT_DIGEST, sha512Digest(OTHER), CONTENT),
                HttpStatus.BAD_REQUEST,
                "digest-mismatch",
                path());
        assertProblem(client.get().uri(files(key())).exchange(), HttpStatus.NOT_FOUND, "not-found", path());
        awaitZero(ApiTestSupport::stagingFiles, Duration.ofSeconds(1));
    }

    @Test
    void wrongDigestOnOverwriteKeepsThePreviousVersion() {
        put(key(), OTHER);
        assertProblem(
                putWith(CONTENT_DIGEST, sha256Digest(OTHER), CONTENT),
                HttpStatus.BAD_REQUEST,
                "digest-mismatch",
                path());
        assertStored(OTHER);
        awaitZero(ApiTestSupport::stagingFiles, Duration.ofSeconds(1));
    }

    @Test
    void correctReprDigestIsAccepted() {
        putWith(REPR_DIGEST, sha256Digest(CONTENT), CONTENT)
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueEquals(REPR_DIGEST, sha256Digest(CONTENT))
                .expectBody()
                .jsonPath("$.sha256")
                .isEqualTo(sha256Hex(CONTENT));
        assertStored(CONTENT);
    }

    @Test
    void wrongReprDigestStoresNothing() {
        assertProblem(
                putWith(REPR_DIGEST, sha256Digest(OTHER), CONTENT), HttpStatus.BAD_REQUEST, "digest-mismatch", path());
        assertProblem(client.get().uri(files(key())).exchange(), HttpStatus.NOT_FOUND, "not-found", path());
    }

    @Test
    void onlyAnUnknownAlgorithmIsRefusedWithWantContentDigest() {
        EntityExchangeResult<Map<String, Object>> result = assertProblem(
                putWith(CONTENT_DIGEST, "md5=:" + Base64.getEncoder().encodeToString(new byte[16]) + ":", CONTENT),
                HttpStatus.BAD_REQUEST,
                "invalid-header",
                path());
        assertThat(result.getResponseHeaders().get("Want-Content-Digest")).containsExactly("sha-256=1");
        assertProblem(client.get().uri(files(key())).exchange(), HttpStatus.NOT_FOUND, "not-found", path());
    }

    @Test
    void unknownAlgorithmBesideACorrectSha256IsIgnored() {
        String md5 = "md5=:" + Base64.getEncoder().encodeToString(new byte[16]) + ":";
        putWith(CONTENT_DIGEST, md5 + ", " + sha256Digest(CONTENT), CONTENT)
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.sha256")
                .isEqualTo(sha256Hex(CONTENT));
        assertStored(CONTENT);
    }

    @Test
    void malformedDigestIsRefused() {
        assertProblem(
                putWith(CONTENT_DIGEST, "sha-256=abc", CONTENT), HttpStatus.BAD_REQUEST, "invalid-header", path());
        assertProblem(client.get().uri(files(key())).exchange(), HttpStatus.NOT_FOUND, "not-found", path());
    }

    @Test
    void multipartWithACorrectDigestOfTheWholeBodyIsStored() {
        byte[] body = new RawMultipart()
                .file("one.txt", CONTENT)
                .file("two.txt", OTHER)
                .build();
        List<Map<String, Object>> stored = postMultipart(body, sha256Digest(body))
                .expectStatus()
                .isCreated()
                .expectBody(JSON_ARRAY)
                .returnResult()
                .getResponseBody();
        assertThat(stored).extracting(info -> info.get("key")).containsExactly(folder + "one.txt", folder + "two.txt");
        client.get()
                .uri(files(folder + "one.txt"))
                .exchange()
                .expectBody(byte[].class)
                .isEqualTo(CONTENT);
        client.get()
                .uri(files(folder + "two.txt"))
                .exchange()
                .expectBody(byte[].class)
                .isEqualTo(OTHER);
    }

    @Test
    void multipartWithAWrongDigestStoresNoneOfItsFiles() {
        byte[] body = new RawMultipart()
                .file("one.txt", CONTENT)
                .file("two.txt", OTHER)
                .build();
        Map<String, Object> problem = assertProblem(
                        postMultipart(body, sha256Digest(CONTENT)),
                        HttpStatus.BAD_REQUEST,
                        "digest-mismatch",
                        "/api/v1/files")
                .getResponseBody();
        assertThat(problem.get("stored")).asList().isEmpty();
        for (String name : List.of("one.txt", "two.txt")) {
            assertProblem(
                    client.get().uri(files(folder + name)).exchange(),
                    HttpStatus.NOT_FOUND,
                    "not-found",
                    "/api/v1/files/" + folder + name);
        }
        awaitZero(ApiTestSupport::stagingFiles, Duration.ofSeconds(1));
    }

    private WebTestClient.ResponseSpec putWith(String field, String value, byte[] content) {
        return client.put()
                .uri(files(key()))
                .header(field, value)
                .bodyValue(content)
                .exchange();
    }

    private WebTestClient.ResponseSpec postMultipart(byte[] body, String digest) {
        return client.post()
                .uri(uri("/api/v1/files?prefix=" + folder))
                .contentType(RawMultipart.CONTENT_TYPE)
                .header(CONTENT_DIGEST, digest)
                .bodyValue(body)
                .exchange();
    }

    private void assertStored(byte[] expected) {
        client.get()
                .uri(files(key()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, etagOf(expected))
                .expectBody(byte[].class)
                .isEqualTo(expected);
    }

    private String key() {
        return folder + "d.txt";
    }

    private String path() {
        return "/api/v1/files/" + key();
    }
}
