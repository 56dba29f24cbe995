package dev.sluice.api;

import static dev.sluice.api.ApiAssertions.assertProblem;
import static dev.sluice.api.ApiAssertions.assertRepresentationHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/** Byte ranges and If-Range on GET and HEAD (RFC 9110 §14, §13.1.5), as API.md specifies them. */
class RangeApiTest extends ApiTestSupport {

    private static final int SIZE = 100;
    private static final String TYPE = "application/x-sluice-test";
    private static final String NAME = "data.bin";
    private static final byte[] CONTENT = new byte[SIZE];

    static {
        new Random(42).nextBytes(CONTENT);
    }

    @Test
    void singleRangeGives206WithContentRangeAndExactBytes() {
        String lastModified = store(CONTENT);
        EntityExchangeResult<byte[]> result = get("bytes=10-19", HttpStatus.PARTIAL_CONTENT);
        assertPartial(result, 10, 19, lastModified);
    }

    @Test
    void suffixRangeGivesTheLastBytes() {
        String lastModified = store(CONTENT);
        assertPartial(get("bytes=-5", HttpStatus.PARTIAL_CONTENT), 95, 99, lastModified);
    }

    @Test
    void openEndedRangeGivesTheRestOfTheObject() {
        String lastModified = store(CONTENT);
        assertPartial(get("bytes=10-", HttpStatus.PARTIAL_CONTENT), 10, 99, lastModified);
    }

    @Test
    void lastPositionBeyondTheEndIsClampedToTheLastByte() {
        String lastModified = store(CONTENT);
        assertPartial(get("bytes=90-500", HttpStatus.PARTIAL_CONTENT), 90, 99, lastModified);
    }

    @Test
    void severalRangesGiveMultipartByterangesWithOnePartEach() {
        String lastModified = store(CONTENT);
        EntityExchangeResult<byte[]> result = get("bytes=0-4,20-29,-3", HttpStatus.PARTIAL_CONTENT);
        assertMultipart(result, lastModified, new long[][] {{0, 4}, {20, 29}, {97, 99}});
    }

    @Test
    void overlappingRangesAreCoalescedWithinMultipart() {
        String lastModified = store(CONTENT);
        EntityExchangeResult<byte[]> result = get("bytes=20-24,0-4,2-6,22-30", HttpStatus.PARTIAL_CONTENT);
        assertMultipart(result, lastModified, new long[][] {{0, 6}, {20, 30}});
    }

    @Test
    void overlappingRangesThatMergeIntoOneGiveASingleRange() {
        String lastModified = store(CONTENT);
        assertPartial(get("bytes=0-4,3-9", HttpStatus.PARTIAL_CONTENT), 0, 9, lastModified);
    }

    @Test
    void adjacentRangesMergeIntoASingleRange() {
        String lastModified = store(CONTENT);
        assertPartial(get("bytes=0-4,5-9", HttpStatus.PARTIAL_CONTENT), 0, 9, lastModified);
    }

    @Test
    void sixteenRangesAreServed() {
        String lastModified = store(CONTENT);
        long[][] expected = IntStream.range(0, 16)
                .mapToObj(i -> new long[] {i * 6L, i * 6L + 1})
                .toArray(long[][]::new);
        assertMultipart(get(rangesHeader(expected), HttpStatus.PARTIAL_CONTENT), lastModified, expected);
    }

    @Test
    void moreThanSixteenRangesGive416() {
        store(CONTENT);
        long[][] ranges = IntStream.range(0, 17)
                .mapToObj(i -> new long[] {i * 5L, i * 5L + 1})
                .toArray(long[][]::new);
        EntityExchangeResult<Map<String, Object>> result = assertProblem(
                client.get()
                        .uri(files(key()))
                        .header(HttpHeaders.RANGE, rangesHeader(ranges))
                        .exchange(),
                HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                "range-not-satisfiable",
                path());
        assertThat(result.getResponseHeaders().get(HttpHeaders.CONTENT_RANGE)).containsExactly("bytes */" + SIZE);
    }

    @Test
    void noSatisfiableRangeGives416WithTheSize() {
        byte[] ten = Arrays.copyOf(CONTENT, 10);
        store(ten);
        EntityExchangeResult<Map<String, Object>> result = assertProblem(
                client.get()
                        .uri(files(key()))
                        .header(HttpHeaders.RANGE, "bytes=1000-")
                        .exchange(),
                HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                "range-not-satisfiable",
                path());
        assertThat(result.getResponseHeaders().get(HttpHeaders.CONTENT_RANGE)).containsExactly("bytes */10");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=abc", "bytes=5-2", "bytes=1-2-3", "bytes=-", "bytes"})
    void malformedRangeIsIgnored(String range) {
        String lastModified = store(CONTENT);
        assertFull(get(range, HttpStatus.OK), CONTENT, lastModified);
    }

    @Test
    void unknownRangeUnitIsIgnored() {
        String lastModified = store(CONTENT);
        assertFull(get("items=0-1", HttpStatus.OK), CONTENT, lastModified);
    }

    @Test
    void rangeOnAnEmptyObjectGivesTheWholeEmptyObject() {
        String lastModified = store(new byte[0]);
        assertFull(get("bytes=0-10", HttpStatus.OK), new byte[0], lastModified);
    }

    @Test
    void headIgnoresRange() {
        String lastModified = store(CONTENT);
        EntityExchangeResult<Void> result = client.head()
                .uri(files(key()))
                .header(HttpHeaders.RANGE, "bytes=0-4")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .isEmpty();
        HttpHeaders headers = result.getResponseHeaders();
        assertThat(headers.getContentLength()).isEqualTo(SIZE);
        assertThat(headers.getFirst(HttpHeaders.CONTENT_TYPE)).isEqualTo(TYPE);
        assertThat(headers.containsHeader(HttpHeaders.CONTENT_RANGE)).isFalse();
        assertRepresentationHeaders(headers, CONTENT, lastModified, NAME);
    }

    @Test
    void ifRangeWithTheCurrentStrongEtagHonoursTheRange() {
        String lastModified = store(CONTENT);
        assertPartial(get("bytes=0-9", ApiAssertions.etagOf(CONTENT), HttpStatus.PARTIAL_CONTENT), 0, 9, lastModified);
    }

    @Test
    void ifRangeWithAnotherEtagSendsTheWholeObject() {
        String lastModified = store(CONTENT);
        String other = ApiAssertions.etagOf("other".getBytes(StandardCharsets.UTF_8));
        assertFull(get("bytes=0-9", other, HttpStatus.OK), CONTENT, lastModified);
    }

    @Test
    void ifRangeWithAWeakEtagSendsTheWholeObject() {
        String lastModified = store(CONTENT);
        assertFull(get("bytes=0-9", "W/" + ApiAssertions.etagOf(CONTENT), HttpStatus.OK), CONTENT, lastModified);
    }

    @Test
    void ifRangeWithTheExactLastModifiedHonoursTheRange() {
        String lastModified = store(CONTENT);
        assertPartial(get("bytes=0-9", lastModified, HttpStatus.PARTIAL_CONTENT), 0, 9, lastModified);
    }

    @Test
    void ifRangeWithAnotherDateSendsTheWholeObject() {
        String lastModified = store(CONTENT);
        DateTimeFormatter http = DateTimeFormatter.RFC_1123_DATE_TIME;
        String earlier = http.format(ZonedDateTime.parse(lastModified, http).minusSeconds(1));
        assertFull(get("bytes=0-9", earlier, HttpStatus.OK), CONTENT, lastModified);
    }

    /** Stores {@code content} at this test's key and returns its {@code Last-Modified}. */
    private String store(byte[] content) {
        return client.put()
                .uri(files(key()))
                .contentType(MediaType.parseMediaType(TYPE))
                .bodyValue(content)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult()
                .getResponseHeaders()
                .getFirst(HttpHeaders.LAST_MODIFIED);
    }

    private String key() {
        return folder + NAME;
    }

    private String path() {
        return "/api/v1/files/" + key();
    }

    private EntityExchangeResult<byte[]> get(String range, HttpStatus status) {
        return client.get()
                .uri(files(key()))
                .header(HttpHeaders.RANGE, range)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody(byte[].class)
                .returnResult();
    }

    private EntityExchangeResult<byte[]> get(String range, String ifRange, HttpStatus status) {
        return client.get()
                .uri(files(key()))
                .header(HttpHeaders.RANGE, range)
                .header(HttpHeaders.IF_RANGE, ifRange)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody(byte[].class)
                .returnResult();
    }

    private static void assertPartial(EntityExchangeResult<byte[]> result, int first, int last, String lastModified) {
        HttpHeaders headers = result.getResponseHeaders();
        assertThat(result.getStatus()).isEqualTo(HttpStatus.PARTIAL_CONTENT);
        assertThat(headers.getFirst(HttpHeaders.CONTENT_RANGE)).isEqualTo("bytes " + first + "-" + last + "/" + SIZE);
        assertThat(headers.getContentLength()).isEqualTo(last - first + 1);
        assertThat(headers.getFirst(HttpHeaders.CONTENT_TYPE)).isEqualTo(TYPE);
        assertThat(result.getResponseBody()).isEqualTo(Arrays.copyOfRange(CONTENT, first, last + 1));
        assertRepresentationHeaders(headers, CONTENT, lastModified, NAME);
    }

    private static void assertFull(EntityExchangeResult<byte[]> result, byte[] content, String lastModified) {
        HttpHeaders headers = result.getResponseHeaders();
        assertThat(result.getStatus()).isEqualTo(HttpStatus.OK);
        assertThat(headers.containsHeader(HttpHeaders.CONTENT_RANGE)).isFalse();
        assertThat(headers.getContentLength()).isEqualTo(content.length);
        assertThat(headers.getFirst(HttpHeaders.CONTENT_TYPE)).isEqualTo(TYPE);
        assertThat(result.getResponseBody() == null ? new byte[0] : result.getResponseBody())
                .isEqualTo(content);
        assertRepresentationHeaders(headers, content, lastModified, NAME);
    }

    private static void assertMultipart(EntityExchangeResult<byte[]> result, String lastModified, long[][] expected) {
        HttpHeaders headers = result.getResponseHeaders();
        byte[] body = result.getResponseBody();
        assertThat(result.getStatus()).isEqualTo(HttpStatus.PARTIAL_CONTENT);
        assertThat(headers.containsHeader(HttpHeaders.CONTENT_RANGE)).isFalse();
        MediaType type = headers.getContentType();
        assertThat(type).isNotNull();
        assertThat(type.getType() + "/" + type.getSubtype()).isEqualTo("multipart/byteranges");
        String boundary = type.getParameter("boundary");
        assertThat(boundary).isNotBlank();
        assertThat(headers.getContentLength()).isEqualTo(body.length);
        assertRepresentationHeaders(headers, CONTENT, lastModified, NAME);

        List<ByteRangesPart> parts = ByteRangesPart.parse(body, boundary);
        assertThat(parts).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            int first = (int) expected[i][0];
            int last = (int) expected[i][1];
            ByteRangesPart part = parts.get(i);
            assertThat(part.headers())
                    .containsOnly(
                            Map.entry("content-type", TYPE),
                            Map.entry("content-range", "bytes " + first + "-" + last + "/" + SIZE));
            assertThat(part.content()).isEqualTo(Arrays.copyOfRange(CONTENT, first, last + 1));
        }
    }

    private static String rangesHeader(long[][] ranges) {
        return Arrays.stream(ranges).map(r -> r[0] + "-" + r[1]).collect(Collectors.joining(",", "bytes=", ""));
    }
}
