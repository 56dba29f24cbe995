package dev.sluice.api;

import static dev.sluice.api.ApiAssertions.assertProblem;
import static dev.sluice.api.ApiAssertions.etagOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import dev.sluice.testing.TestTokens;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/** Conditional and create-only PUTs (RFC 9110 §13): refused before the body is read, atomic against each other. */
class ConditionalPutApiTest extends ApiTestSupport {

    private static final byte[] FIRST = "first version".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SECOND = "second version".getBytes(StandardCharsets.UTF_8);
    private static final byte[] THIRD = "third version".getBytes(StandardCharsets.UTF_8);

    @Test
    void ifNoneMatchStarCreatesANewObjectOnlyOnce() {
        client.put()
                .uri(files(key()))
                .header(HttpHeaders.IF_NONE_MATCH, "*")
                .bodyValue(FIRST)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, etagOf(FIRST))
                .expectBody()
                .jsonPath("$.etag")
                .isEqualTo(etagOf(FIRST));
        assertProblem(
                client.put()
                        .uri(files(key()))
                        .header(HttpHeaders.IF_NONE_MATCH, "*")
                        .bodyValue(SECOND)
                        .exchange(),
                HttpStatus.PRECONDITION_FAILED,
                "precondition-failed",
                path());
        assertContent(FIRST);
    }

    @Test
    void ifMatchWithTheCurrentEtagReplaces() {
        String etag = put(key(), FIRST);
        client.put()
                .uri(files(key()))
                .header(HttpHeaders.IF_MATCH, etag)
                .bodyValue(SECOND)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, etagOf(SECOND))
                .expectBody()
                .jsonPath("$.etag")
                .isEqualTo(etagOf(SECOND));
        assertContent(SECOND);
    }

    @Test
    void ifMatchWithAStaleEtagGives412AndKeepsTheContent() {
        String stale = put(key(), FIRST);
        put(key(), SECOND);
        assertProblem(
                client.put()
                        .uri(files(key()))
                        .header(HttpHeaders.IF_MATCH, stale)
                        .bodyValue(THIRD)
                        .exchange(),
                HttpStatus.PRECONDITION_FAILED,
                "precondition-failed",
                path());
        assertContent(SECOND);
    }

    @Test
    void ifMatchOnAMissingKeyGives412AndCreatesNothing() {
        assertProblem(
                client.put()
                        .uri(files(key()))
                        .header(HttpHeaders.IF_MATCH, etagOf(FIRST))
                        .bodyValue(FIRST)
                        .exchange(),
                HttpStatus.PRECONDITION_FAILED,
                "precondition-failed",
                path());
        assertProblem(client.get().uri(files(key())).exchange(), HttpStatus.NOT_FOUND, "not-found", path());
        assertProblem(
                client.get().uri(uri("/api/v1/metadata/" + key())).exchange(),
                HttpStatus.NOT_FOUND,
                "not-found",
                "/api/v1/metadata/" + key());
    }

    @Test
    void ifMatchStarOnAMissingKeyGives412() {
        assertProblem(
                client.put()
                        .uri(files(key()))
                        .header(HttpHeaders.IF_MATCH, "*")
                        .bodyValue(FIRST)
                        .exchange(),
                HttpStatus.PRECONDITION_FAILED,
                "precondition-failed",
                path());
        assertProblem(client.get().uri(files(key())).exchange(), HttpStatus.NOT_FOUND, "not-found", path());
    }

    @Test
    void ifNoneMatchWithTheCurrentEtagGives412() {
        String etag = put(key(), FIRST);
        assertProblem(
                client.put()
                        .uri(files(key()))
                        .header(HttpHeaders.IF_NONE_MATCH, etag)
                        .bodyValue(SECOND)
                        .exchange(),
                HttpStatus.PRECONDITION_FAILED,
                "precondition-failed",
                path());
        assertContent(FIRST);
    }

    @Test
    void ifNoneMatchWithAnotherEtagReplaces() {
        put(key(), FIRST);
        client.put()
                .uri(files(key()))
                .header(HttpHeaders.IF_NONE_MATCH, etagOf(THIRD))
                .bodyValue(SECOND)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.etag")
                .isEqualTo(etagOf(SECOND));
        assertContent(SECOND);
    }

    @Test
    void concurrentCreateOnlyPutsHaveExactlyOneWinner() {
        int writers = 10;
        WebClient web = WebClient.builder()
                .defaultHeader(HttpHeaders.AUTHORIZATION, TestTokens.BEARER)
                .build();
        List<int[]> outcomes = Flux.range(0, writers)
                .flatMap(
                        i -> web.put()
                                .uri(files(key()))
                                .header(HttpHeaders.IF_NONE_MATCH, "*")
                                .bodyValue(contentOf(i))
                                .exchangeToMono(
                                        response -> response.releaseBody().thenReturn(new int[] {
                                            i, response.statusCode().value()
                                        })),
                        writers)
                .collectList()
                .block(Duration.ofSeconds(60));

        assertThat(outcomes).hasSize(writers);
        List<int[]> created = outcomes.stream().filter(o -> o[1] == 201).toList();
        assertThat(created).hasSize(1);
        assertThat(outcomes)
                .filteredOn(o -> o[1] != 201)
                .extracting(o -> o[1])
                .containsOnly(412)
                .hasSize(writers - 1);
        assertContent(contentOf(created.get(0)[0]));
    }

    /**
     * Sends only the head of a PUT with {@code Expect: 100-continue} over a plain socket: the server must answer 412
     * without asking for the body (no interim 100) and without waiting for it. A raw socket rather than the JDK's
     * HttpClient, whose {@code expectContinue} hangs on a final status in Java 17 (JDK-8286171).
     */
    @Test
    void refusedConditionalPutIsAnsweredBeforeTheBodyIsSent() throws IOException {
        put(key(), FIRST);
        String head = "PUT " + path() + " HTTP/1.1\r\n"
                + "Host: localhost:" + port + "\r\n"
                + "Authorization: " + TestTokens.BEARER + "\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Length: " + (1024 * 1024) + "\r\n"
                + "Expect: 100-continue\r\n"
                + "If-None-Match: *\r\n"
                + "\r\n";
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();

            List<String> lines = readHead(in);
            assertThat(lines.get(0)).startsWith("HTTP/1.1 412 ");
            Map<String, String> headers = new HashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(':');
                headers.put(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
            assertThat(headers).containsEntry("content-type", "application/problem+json");
            byte[] body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            Map<?, ?> problem = JsonMapper.shared().readValue(body, Map.class);
            assertThat(problem.get("status")).isEqualTo(412);
            assertThat(problem.get("code")).isEqualTo("precondition-failed");
            assertThat(problem.get("instance")).isEqualTo(path());
        }
        assertContent(FIRST);
    }

    /** The status line and header lines of a response, read byte by byte up to the empty line. */
    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int previous = -1;
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (previous == '\r' && b == '\n') {
                line.setLength(line.length() - 1);
                if (line.length() == 0) {
                    return lines;
                }
                lines.add(line.toString());
                line.setLength(0);
            } else {
                line.append((char) b);
            }
            previous = b;
        }
        throw new EOFException("connection closed in the response head: " + lines);
    }

    private String key() {
        return folder + "p.txt";
    }

    private String path() {
        return "/api/v1/files/" + key();
    }

    private void assertContent(byte[] expected) {
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

    /** Distinct content per writer, large enough that the writers overlap while they stream. */
    private static byte[] contentOf(int writer) {
        byte[] content = new byte[256 * 1024];
        Arrays.fill(content, (byte) ('a' + writer));
        return content;
    }
}
