package dev.sluice.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import dev.sluice.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hostile-input probe's findings of issue #19 (multipart part headers, transfer codings, Host headers,
 * pipelining, HEAD on the page, readiness details, repeated parameters), each replayed from outside over a raw
 * socket, with what must happen now.
 */
class ProbeFindingsApiTest extends ApiTestSupport {

    private static final String BOUNDARY = "probe-boundary";

    @Test
    void aPartWithoutContentDispositionIs400AndStoresNothing() throws Exception {
        String body = "--" + BOUNDARY + "\r\nContent-Type: text/plain\r\n\r\nhello\r\n--" + BOUNDARY + "--\r\n";
        String answer = RawHttp.exchange(port, multipart(body));
        assertThat(answer).startsWith("HTTP/1.1 400").contains("\"code\":\"invalid-request\"");
        assertThat(listing()).doesNotContain("\"key\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r\n", "\n", "\r"})
    void aFilenameCutByALineBreakIs400AndStoresNothing(String lineBreak) throws Exception {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a" + lineBreak
                + "b.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--" + BOUNDARY + "--\r\n";
        String answer = RawHttp.exchange(port, multipart(body));
        assertThat(answer).startsWith("HTTP/1.1 400").contains("\"code\":\"invalid-request\"");
        assertThat(listing()).doesNotContain("\"key\"");
    }

    @Test
    void aFilenameWithAnEscapedQuoteIsStillAccepted() throws Exception {
        String body =
                "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"say \\\"hi\\\".txt\""
                        + "\r\nContent-Type: text/plain\r\n\r\nhello\r\n--" + BOUNDARY + "--\r\n";
        assertThat(RawHttp.exchange(port, multipart(body))).startsWith("HTTP/1.1 201");
    }

    @Test
    void manyPartsWithOneNameAreAllStoredUnderDistinctNumberedNames() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < MAX_PARTS; i++) {
            body.append("--")
                    .append(BOUNDARY)
                    .append("\r\nContent-Disposition: form-data; name=\"file\"; ")
                    .append("filename=\"dup.txt\"\r\nContent-Type: text/plain\r\n\r\npart ")
                    .append(i)
                    .append("\r\n");
        }
        body.append("--").append(BOUNDARY).append("--\r\n");
        assertThat(RawHttp.exchange(port, multipart(body.toString()))).startsWith("HTTP/1.1 201");
        assertThat(RawHttp.exchange(port, multipart(body.toString()))).startsWith("HTTP/1.1 201");
        String listing = listing();
        assertThat(listing)
                .contains("\"" + folder + "dup.txt\"")
                .contains("\"" + folder + "dup (1).txt\"")
                .contains("\"" + folder + "dup (" + (2 * MAX_PARTS - 1) + ").txt\"");
        assertThat(listing.split("\"key\"", -1)).hasSize(2 * MAX_PARTS + 1);
    }

    @Test
    void anUnknownTransferCodingIs501AndStoresNothing() throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write("hello".getBytes(StandardCharsets.US_ASCII));
        }
        byte[] bytes = gzipped.toByteArray();
        String chunked = Integer.toHexString(bytes.length) + "\r\n" + new String(bytes, StandardCharsets.ISO_8859_1)
                + "\r\n0\r\n\r\n";
        String answer = RawHttp.exchange(
                port,
                "PUT /api/v1/files/" + folder + "g.txt HTTP/1.1\r\nHost: localhost\r\n"
                        + "Transfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n" + chunked);
        assertThat(answer).startsWith("HTTP/1.1 501").contains("\"code\":\"unsupported-transfer-coding\"");
        client.get().uri(files(folder + "g.txt")).exchange().expectStatus().isNotFound();
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity", "identity, chunked", "chunked, chunked"})
    void otherTransferCodingsAreRefused(String coding) throws Exception {
        String answer = RawHttp.exchange(
                port,
                "PUT /api/v1/files/" + folder + "i.txt HTTP/1.1\r\nHost: localhost\r\n" + "Transfer-Encoding: " + coding
                        + "\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        // Netty's decoder itself refuses some of these as invalid HTTP (400); the rest are 501
        assertThat(answer).matches("(?s)HTTP/1\\.1 (400|501) .*");
        client.get().uri(files(folder + "i.txt")).exchange().expectStatus().isNotFound();
    }

    @Test
    void chunkedStaysAccepted() throws Exception {
        String answer = RawHttp.exchange(
                port,
                "PUT /api/v1/files/" + folder + "c.txt HTTP/1.1\r\nHost: localhost\r\n"
                        + "Transfer-Encoding: Chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 201");
    }

    @Test
    void anHttp11RequestWithoutHostIs400() throws Exception {
        assertThat(RawHttp.exchange(port, "GET /api/v1/limits HTTP/1.1\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400")
                .contains("\"code\":\"invalid-request\"");
    }

    @Test
    void twoHostHeadersAre400() throws Exception {
        assertThat(RawHttp.exchange(
                        port, "GET /api/v1/limits HTTP/1.1\r\nHost: a\r\nHost: b\r\n" + "Connection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400")
                .contains("\"code\":\"invalid-request\"");
    }

    @Test
    void threePipelinedGetsAreAnsweredInOrder() throws Exception {
        put(folder + "one.txt", "first".getBytes(StandardCharsets.US_ASCII));
        put(folder + "two.txt", "second".getBytes(StandardCharsets.US_ASCII));
        put(folder + "three.txt", "third".getBytes(StandardCharsets.US_ASCII));
        String requests = get("one.txt", false) + get("two.txt", false) + get("three.txt", true);
        String answer = RawHttp.exchangeAsIs(port, requests); // one write, as the probe sent them
        assertThat(answer.split("HTTP/1.1 200", -1)).hasSize(4);
        assertThat(answer.indexOf("first")).isLessThan(answer.indexOf("second"));
        assertThat(answer.indexOf("second")).isLessThan(answer.indexOf("third"));
    }

    @Test
    void headOfThePageIsAnsweredLikeGet() throws Exception {
        String get = RawHttp.exchangeAsIs(port, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        String head = RawHttp.exchangeAsIs(port, "HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(get).startsWith("HTTP/1.1 200");
        assertThat(head).startsWith("HTTP/1.1 200");
    }

    @Test
    void readinessDetailsAreForAdminsOnly() throws Exception {
        String anonymous = RawHttp.exchangeAsIs(
                port, "GET /actuator/health/readiness HTTP/1.1\r\nHost: localhost\r\n" + "Connection: close\r\n\r\n");
        assertThat(anonymous)
                .startsWith("HTTP/1.1 200")
                .contains("\"status\":\"UP\"")
                .doesNotContain("components")
                .doesNotContain("free");
        String admin = RawHttp.exchange(
                port, "GET /actuator/health/readiness HTTP/1.1\r\nHost: localhost\r\n" + "Connection: close\r\n\r\n");
        assertThat(admin).startsWith("HTTP/1.1 200").contains("components");
    }

    @ParameterizedTest
    @ValueSource(strings = {"prefix=a/&prefix=b/", "limit=1&limit=2", "cursor=x&cursor=y"})
    void aRepeatedSingleValuedParameterIs400(String query) throws Exception {
        String answer = RawHttp.exchange(
                port, "GET /api/v1/files?" + query + " HTTP/1.1\r\nHost: localhost\r\n" + "Connection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400").contains("\"code\":\"invalid-request\"");
    }

    private String get(String name, boolean last) {
        return "GET /api/v1/files/" + folder + name + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                + dev.sluice.testing.TestTokens.BEARER + "\r\n" + (last ? "Connection: close\r\n" : "") + "\r\n";
    }

    private String multipart(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        return "POST /api/v1/files?prefix=" + folder + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n" + body;
    }

    private String listing() {
        return new String(
                client.get()
                        .uri(uri("/api/v1/files?prefix=" + folder))
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .returnResult()
                        .getResponseBody(),
                StandardCharsets.UTF_8);
    }
}
