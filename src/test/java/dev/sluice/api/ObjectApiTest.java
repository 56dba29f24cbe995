package dev.sluice.api;

import static dev.sluice.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/** PUT, GET, HEAD, DELETE and metadata of single objects: statuses, exact headers and bodies. */
class ObjectApiTest extends ApiTestSupport {

    private static final byte[] HELLO = "hello, sluice\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void putOfANewKeyAnswers201WithLocationValidatorsAndFileInfo() throws Exception {
        String sha = sha256Hex(HELLO);
        client.put()
                .uri(files(folder + "notes/hello.txt"))
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue(HELLO)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueEquals(HttpHeaders.LOCATION, "/api/v1/files/" + folder + "notes/hello.txt")
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"" + sha + "\"")
                .expectHeader()
                .exists(HttpHeaders.LAST_MODIFIED)
                .expectHeader()
                .valueEquals("Repr-Digest", "sha-256=:" + base64(sha) + ":")
                .expectBody()
                .jsonPath("$.key")
                .isEqualTo(folder + "notes/hello.txt")
                .jsonPath("$.name")
                .isEqualTo("hello.txt")
                .jsonPath("$.size")
                .isEqualTo(HELLO.length)
                .jsonPath("$.contentType")
                .isEqualTo("text/plain")
                .jsonPath("$.etag")
                .isEqualTo("\"" + sha + "\"")
                .jsonPath("$.sha256")
                .isEqualTo(sha)
                .jsonPath("$.lastModified")
                .value(value -> assertThat((String) value).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
    }

    @Test
    void putOverAnExistingKeyAnswers200AndReplacesContent() {
        put(folder + "a.bin", HELLO);
        byte[] newer = "newer".getBytes(StandardCharsets.UTF_8);
        client.put()
                .uri(files(folder + "a.bin"))
                .bodyValue(newer)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .doesNotExist(HttpHeaders.LOCATION);
        assertThat(download(folder + "a.bin")).isEqualTo(newer);
    }

    @Test
    void getCarriesEveryHeaderOfTheContract() throws Exception {
        put(folder + "page.html", "<h1>hi</h1>".getBytes(StandardCharsets.UTF_8));
        String sha = sha256Hex("<h1>hi</h1>".getBytes(StandardCharsets.UTF_8));
        client.get()
                .uri(files(folder + "page.html"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("text/html")
                .expectHeader()
                .contentLength(11)
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"" + sha + "\"")
                .expectHeader()
                .exists(HttpHeaders.LAST_MODIFIED)
                .expectHeader()
                .valueEquals(HttpHeaders.ACCEPT_RANGES, "bytes")
                .expectHeader()
                .valueEquals("Repr-Digest", "sha-256=:" + base64(sha) + ":")
                .expectHeader()
                .valueEquals(HttpHeaders.CACHE_CONTROL, "private, no-cache")
                .expectHeader()
                .valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader()
                .valueEquals("Content-Security-Policy", "sandbox")
                .expectHeader()
                .valueEquals(
                        HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"page.html\"; filename*=UTF-8''page.html")
                .expectBody(String.class)
                .isEqualTo("<h1>hi</h1>");
    }

    @Test
    void downloadTrueMakesAnAttachmentWithAnAsciiFallbackName() {
        put(folder + "r%C3%A9sum%C3%A9%20%22final%22.pdf", HELLO);
        client.get()
                .uri(files(folder + "r%C3%A9sum%C3%A9%20%22final%22.pdf?download=true"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"r_sum_ _final_.pdf\"; "
                                + "filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.pdf");
    }

    @Test
    void headAnswersTheHeadersOfGetWithoutABody() {
        put(folder + "h.txt", HELLO);
        EntityExchangeResult<byte[]> head = client.head()
                .uri(files(folder + "h.txt"))
                .header(HttpHeaders.RANGE, "bytes=0-1")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentLength(HELLO.length)
                .expectHeader()
                .contentType("text/plain")
                .expectHeader()
                .valueEquals(HttpHeaders.ACCEPT_RANGES, "bytes")
                .expectHeader()
                .exists("Repr-Digest")
                .expectBody()
                .returnResult();
        assertThat(head.getResponseBody()).isNullOrEmpty();
    }

    @Test
    void unicodeSpacesAndReservedCharactersAreLiteralKeyCharacters() {
        String raw = folder + "%F0%9F%98%80%20a;b=c,d+e.txt";
        put(raw, HELLO);
        client.get().uri(files(raw)).exchange().expectStatus().isOk();
        client.get()
                .uri(uri("/api/v1/metadata/" + raw))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.name")
                .isEqualTo("😀 a;b=c,d+e.txt");
    }

    @Test
    void anEncodedSlashIsAFolderSeparatorLikeALiteralOne() {
        put(folder.replace("/", "%2F") + "x%2Fy.txt", HELLO);
        assertThat(download(folder + "x/y.txt")).isEqualTo(HELLO);
    }

    @Test
    void keysAreNormalizedToNfc() {
        put(folder + "cafe%CC%81.txt", HELLO); // "café" with a combining accent (NFD)
        assertThat(download(folder + "caf%C3%A9.txt")).isEqualTo(HELLO);
    }

    @Test
    void contentTypeIsStoredAsSentOrGuessedFromTheName() {
        client.put()
                .uri(files(folder + "a.json"))
                .header(HttpHeaders.CONTENT_TYPE, "text/x-custom; charset=utf-8")
                .bodyValue(HELLO)
                .exchange()
                .expectStatus()
                .isCreated();
        client.put()
                .uri(files(folder + "b.png"))
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(HELLO)
                .exchange()
                .expectStatus()
                .isCreated();
        client.put()
                .uri(files(folder + "c.unknownext"))
                .bodyValue(HELLO)
                .exchange()
                .expectStatus()
                .isCreated();
        assertThat(contentTypeOf(folder + "a.json")).isEqualTo("text/x-custom; charset=utf-8");
        assertThat(contentTypeOf(folder + "b.png")).isEqualTo("image/png");
        assertThat(contentTypeOf(folder + "c.unknownext")).isEqualTo("application/octet-stream");
    }

    @Test
    void anUnparseableContentTypeIsRefusedAndNothingIsStored() throws Exception {
        // WebTestClient refuses to send a malformed Content-Type, so this one goes through the JDK client.
        var response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(files(folder + "x.txt"))
                                .header(HttpHeaders.CONTENT_TYPE, "not a type")
                                .header(HttpHeaders.AUTHORIZATION, dev.sluice.testing.TestTokens.BEARER)
                                .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(HELLO))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue(HttpHeaders.CONTENT_TYPE)).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"invalid-header\"");
        client.get().uri(files(folder + "x.txt")).exchange().expectStatus().isNotFound();
    }

    @Test
    void contentRangeOnPutIsRefused() {
        assertProblem(
                client.put()
                        .uri(files(folder + "x.txt"))
                        .header(HttpHeaders.CONTENT_RANGE, "bytes 0-1/2")
                        .bodyValue(HELLO)
                        .exchange(),
                400,
                "invalid-request",
                "/api/v1/files/" + folder + "x.txt");
    }

    @Test
    void aContentEncodingIsRefusedWith415() {
        assertProblem(
                client.put()
                        .uri(files(folder + "x.txt"))
                        .header(HttpHeaders.CONTENT_ENCODING, "gzip")
                        .bodyValue(HELLO)
                        .exchange(),
                415,
                "unsupported-encoding",
                "/api/v1/files/" + folder + "x.txt");
    }

    @Test
    void deleteRemovesTheObjectAndAMissingKeyIs404() {
        put(folder + "gone.txt", HELLO);
        client.delete()
                .uri(files(folder + "gone.txt"))
                .exchange()
                .expectStatus()
                .isNoContent();
        assertProblem(
                client.get().uri(files(folder + "gone.txt")).exchange(),
                404,
                "not-found",
                "/api/v1/files/" + folder + "gone.txt");
        assertProblem(
                client.delete().uri(files(folder + "gone.txt")).exchange(),
                404,
                "not-found",
                "/api/v1/files/" + folder + "gone.txt");
    }

    @Test
    void metadataHasEveryFieldAndMissingKeysAre404() throws Exception {
        put(folder + "m.txt", HELLO);
        client.get()
                .uri(uri("/api/v1/metadata/" + folder + "m.txt"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.key")
                .isEqualTo(folder + "m.txt")
                .jsonPath("$.size")
                .isEqualTo(HELLO.length)
                .jsonPath("$.contentType")
                .isEqualTo("text/plain")
                .jsonPath("$.sha256")
                .isEqualTo(sha256Hex(HELLO))
                .jsonPath("$.etag")
                .isEqualTo("\"" + sha256Hex(HELLO) + "\"");
        assertProblem(
                client.get().uri(uri("/api/v1/metadata/" + folder + "none")).exchange(),
                404,
                "not-found",
                "/api/v1/metadata/" + folder + "none");
    }

    @Test
    void aKeyCannotBeBothAnObjectAndAFolder() {
        put(folder + "dir/file.txt", HELLO);
        assertProblem(
                client.put().uri(files(folder + "dir")).bodyValue(HELLO).exchange(),
                409,
                "key-folder-conflict",
                "/api/v1/files/" + folder + "dir");
        put(folder + "plain", HELLO);
        assertProblem(
                client.put().uri(files(folder + "plain/child")).bodyValue(HELLO).exchange(),
                409,
                "key-folder-conflict",
                "/api/v1/files/" + folder + "plain/child");
        client.delete()
                .uri(files(folder + "dir/file.txt"))
                .exchange()
                .expectStatus()
                .isNoContent();
        // Folders are real: the emptied folder stays, and is still in the way, until it is deleted itself.
        assertProblem(
                client.put().uri(files(folder + "dir")).bodyValue(HELLO).exchange(),
                409,
                "key-folder-conflict",
                "/api/v1/files/" + folder + "dir");
        client.delete()
                .uri(uri("/api/v1/folders/" + folder + "dir"))
                .exchange()
                .expectStatus()
                .isNoContent();
        client.put()
                .uri(files(folder + "dir"))
                .bodyValue(HELLO)
                .exchange()
                .expectStatus()
                .isCreated();
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBody() {
        assertProblem(
                client.put()
                        .uri(files(folder + "big.bin"))
                        .bodyValue(new byte[MAX_FILE_SIZE + 1])
                        .exchange(),
                413,
                "too-large",
                "/api/v1/files/" + folder + "big.bin");
        client.get().uri(files(folder + "big.bin")).exchange().expectStatus().isNotFound();
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedMidStreamAndLeavesNoTrace() {
        put(folder + "keep.bin", HELLO);
        byte[] chunk = new byte[64 * 1024];
        var body = reactor.core.publisher.Flux.range(0, MAX_FILE_SIZE / chunk.length + 2)
                .map(i -> org.springframework.core.io.buffer.DefaultDataBufferFactory.sharedInstance.wrap(chunk));
        assertProblem(
                client.put()
                        .uri(files(folder + "keep.bin"))
                        .body(body, org.springframework.core.io.buffer.DataBuffer.class)
                        .exchange(),
                413,
                "too-large",
                "/api/v1/files/" + folder + "keep.bin");
        assertThat(download(folder + "keep.bin")).isEqualTo(HELLO);
    }

    @Test
    void unknownRoutesAndMethodsArePlainProblems() {
        assertProblem(
                client.get()
                        .uri(uri("/api/v1/nothing-here"))
                        .accept(MediaType.TEXT_HTML)
                        .exchange(),
                404,
                "not-found",
                "/api/v1/nothing-here");
        assertProblem(
                        client.patch().uri(files(folder + "x")).exchange(),
                        405,
                        "method-not-allowed",
                        "/api/v1/files/" + folder + "x")
                .returnResult();
        client.patch()
                .uri(files(folder + "x"))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
                .expectHeader()
                .value(
                        HttpHeaders.ALLOW,
                        allow ->
                                assertThat(allow.split(",")).containsExactlyInAnyOrder("GET", "HEAD", "PUT", "DELETE"));
    }

    private byte[] download(String rawKey) {
        return client.get()
                .uri(files(rawKey))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
    }

    private String contentTypeOf(String rawKey) {
        return client.head()
                .uri(files(rawKey))
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(Void.class)
                .getResponseHeaders()
                .getFirst(HttpHeaders.CONTENT_TYPE);
    }

    static String sha256Hex(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    static String base64(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }
}
