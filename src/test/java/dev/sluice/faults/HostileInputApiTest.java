package dev.sluice.faults;

import static dev.sluice.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import dev.sluice.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** Hostile input that the other API tests do not already cover: each refused or contained without side effects. */
class HostileInputApiTest extends ApiTestSupport {

    // Local disk only: S3 has no symlinks; it plants one in the storage root
    @Tag(LOCAL_DISK)
    @Test
    void aSymlinkInsideTheRootLeadingOutsideIsNeverFollowed() throws Exception {
        Path outside = Files.createTempDirectory("sluice-outside");
        Files.writeString(outside.resolve("secret.txt"), "top secret");
        put(folder + "inside.txt", "x".getBytes(StandardCharsets.UTF_8));
        Files.createSymbolicLink(root().resolve(folder).resolve("link"), outside);

        String instance = "/api/v1/files/" + folder + "link/secret.txt";
        assertProblem(client.get().uri(files(folder + "link/secret.txt")).exchange(), 400, "invalid-key", instance)
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).doesNotContain("top secret"));
        assertProblem(
                client.put()
                        .uri(files(folder + "link/new.txt"))
                        .bodyValue(new byte[3])
                        .exchange(),
                400,
                "invalid-key",
                "/api/v1/files/" + folder + "link/new.txt");
        assertProblem(
                client.put()
                        .uri(files(folder + "link/sub/new.txt"))
                        .bodyValue(new byte[3])
                        .exchange(),
                400,
                "invalid-key",
                "/api/v1/files/" + folder + "link/sub/new.txt");
        assertProblem(client.delete().uri(files(folder + "link/secret.txt")).exchange(), 400, "invalid-key", instance);
        client.get()
                .uri(uri("/api/v1/files?prefix=" + folder + "&delimiter=/"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.prefixes")
                .isEmpty()
                .jsonPath("$.items[0].name")
                .isEqualTo("inside.txt");
        try (var entries = Files.list(outside)) {
            assertThat(entries.map(path -> path.getFileName().toString())).containsExactly("secret.txt");
        }
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("top secret");
    }

    @Test
    void hundredsOfRangesAreRefusedWithoutWorkPerRange() {
        put(folder + "r.bin", new byte[10_000]);
        String ranges = IntStream.range(0, 800).mapToObj(i -> i + "-" + i).collect(Collectors.joining(","));
        client.get()
                .uri(files(folder + "r.bin"))
                .header(HttpHeaders.RANGE, "bytes=" + ranges)
                .exchange()
                .expectStatus()
                .isEqualTo(416)
                .expectHeader()
                .valueEquals(HttpHeaders.CONTENT_RANGE, "bytes */10000");
    }

    @Test
    void headersOverTheServersLimitGetAProblemToo() throws Exception {
        String ranges = IntStream.range(0, 5_000).mapToObj(i -> i + "-" + i).collect(Collectors.joining(","));
        String response = RawHttp.exchange(
                port,
                "GET /api/v1/files/" + folder + "r.bin HTTP/1.1\r\n" + "Host: localhost\r\nRange: bytes=" + ranges
                        + "\r\n\r\n");
        assertThat(response)
                .startsWith("HTTP/1.1 431 ")
                .containsIgnoringCase("content-type: application/problem+json")
                .contains("\"code\":\"headers-too-large\"");
        String longLine = RawHttp.exchange(
                port, "GET /api/v1/files/" + "x".repeat(10_000) + " HTTP/1.1\r\n" + "Host: localhost\r\n\r\n");
        assertThat(longLine).startsWith("HTTP/1.1 414 ").contains("\"code\":\"uri-too-long\"");
    }

    @Test
    void garbageValidatorsNeverMatch() {
        put(folder + "v.txt", "v".getBytes(StandardCharsets.UTF_8));
        client.get()
                .uri(files(folder + "v.txt"))
                .header(HttpHeaders.IF_NONE_MATCH, "garbage, W/\"\", \"\"")
                .exchange()
                .expectStatus()
                .isOk();
        assertProblem(
                client.get()
                        .uri(files(folder + "v.txt"))
                        .header(HttpHeaders.IF_MATCH, "not-a-tag")
                        .exchange(),
                412,
                "precondition-failed",
                "/api/v1/files/" + folder + "v.txt");
        client.get()
                .uri(files(folder + "v.txt"))
                .header(HttpHeaders.IF_MODIFIED_SINCE, "yesterday-ish")
                .exchange()
                .expectStatus()
                .isOk();
        client.get()
                .uri(files(folder + "v.txt"))
                .header(HttpHeaders.IF_UNMODIFIED_SINCE, "32 Foo 99999")
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void aContentLengthShorterThanTheBodyStoresOnlyTheDeclaredBytes() throws Exception {
        String response = RawHttp.exchange(
                port,
                "PUT /api/v1/files/" + folder + "short.txt HTTP/1.1\r\n"
                        + "Host: localhost\r\nContent-Length: 5\r\n\r\nhello, and then some garbage that is not HTTP\r\n\r\n");
        // The rest reads as a second, pipelined "request" that is not HTTP: the first is answered, then the
        // connection is closed, and nothing of the rest is stored anywhere.
        assertThat(response).startsWith("HTTP/1.1 201 ").containsIgnoringCase("connection: close");
        client.get()
                .uri(files(folder + "short.txt"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("hello");
    }

    @Test
    void thousandsOfTinyPartsStopAtTheCap() {
        String boundary = "tiny";
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            body.append("--")
                    .append(boundary)
                    .append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p")
                    .append(i)
                    .append(".txt\"\r\n\r\nx\r\n");
        }
        body.append("--").append(boundary).append("--\r\n");
        assertProblem(
                client.post()
                        .uri(uri("/api/v1/files?prefix=" + folder))
                        .contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + boundary))
                        .bodyValue(body.toString().getBytes(StandardCharsets.US_ASCII))
                        .exchange(),
                413,
                "too-many-parts",
                "/api/v1/files");
        client.get()
                .uri(uri("/api/v1/files?prefix=" + folder + "&limit=1000"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items.length()")
                .isEqualTo(MAX_PARTS);
    }

    @Test
    void hugePartHeadersAreRefusedAndStoreNothing() {
        String boundary = "big-headers";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"h.txt\"\r\n"
                + "X-Padding: " + "p".repeat(64 * 1024) + "\r\n\r\nhello\r\n--" + boundary + "--\r\n";
        client.post()
                .uri(uri("/api/v1/files?prefix=" + folder))
                .contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + boundary))
                .bodyValue(body.getBytes(StandardCharsets.US_ASCII))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.get().uri(files(folder + "h.txt")).exchange().expectStatus().isNotFound();
        assertThat(stagingFiles()).isZero();
    }

    @Test
    void storedHtmlAndSvgCannotRunInTheServersOrigin() {
        put(
                folder + "evil.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
                        .getBytes(StandardCharsets.UTF_8));
        put(folder + "evil.html", "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));
        for (String name : new String[] {"evil.svg", "evil.html"}) {
            client.get()
                    .uri(files(folder + name))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals("Content-Security-Policy", "sandbox")
                    .expectHeader()
                    .valueEquals("X-Content-Type-Options", "nosniff");
            client.get()
                    .uri(files(folder + name + "?download=true"))
                    .exchange()
                    .expectHeader()
                    .value(
                            HttpHeaders.CONTENT_DISPOSITION,
                            value -> assertThat(value).startsWith("attachment;"));
        }
    }
}
