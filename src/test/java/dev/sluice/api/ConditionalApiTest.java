package dev.sluice.api;

import static dev.sluice.api.ApiAssertions.assertProblem;
import static dev.sluice.api.ApiAssertions.etagOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Conditional GET, HEAD and DELETE (RFC 9110 §13) as API.md specifies them; conditional PUTs are in
 * {@link ConditionalPutApiTest}.
 */
class ConditionalApiTest extends ApiTestSupport {

    private static final byte[] CONTENT = "conditional content".getBytes(StandardCharsets.UTF_8);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    @Test
    void ifNoneMatchWithTheEtagGives304WithValidatorsAndNoBody() {
        String lastModified = store();
        assertNotModified(
                client.get()
                        .uri(files(key()))
                        .header(HttpHeaders.IF_NONE_MATCH, etagOf(CONTENT))
                        .exchange()
                        .expectStatus()
                        .isNotModified()
                        .expectBody()
                        .isEmpty(),
                lastModified);
    }

    @Test
    void ifNoneMatchComparesWeakly() {
        String lastModified = store();
        assertNotModified(
                client.get()
                        .uri(files(key()))
                        .header(HttpHeaders.IF_NONE_MATCH, "W/" + etagOf(CONTENT))
                        .exchange()
                        .expectStatus()
                        .isNotModified()
                        .expectBody()
                        .isEmpty(),
                lastModified);
    }

    @Test
    void ifNoneMatchWithAnotherTagGivesTheContent() {
        store();
        getWith(HttpHeaders.IF_NONE_MATCH, "\"other\", W/\"another\"")
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .isEqualTo(CONTENT);
    }

    @Test
    void ifNoneMatchStarGives304() {
        String lastModified = store();
        assertNotModified(
                getWith(HttpHeaders.IF_NONE_MATCH, "*")
                        .expectStatus()
                        .isNotModified()
                        .expectBody()
                        .isEmpty(),
                lastModified);
    }

    @Test
    void ifModifiedSinceEqualToLastModifiedGives304() {
        String lastModified = store();
        assertNotModified(
                getWith(HttpHeaders.IF_MODIFIED_SINCE, lastModified)
                        .expectStatus()
                        .isNotModified()
                        .expectBody()
                        .isEmpty(),
                lastModified);
    }

    @Test
    void ifModifiedSinceBeforeLastModifiedGivesTheContent() {
        String lastModified = store();
        getWith(HttpHeaders.IF_MODIFIED_SINCE, shift(lastModified, -1))
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .isEqualTo(CONTENT);
    }

    @Test
    void ifModifiedSinceIsIgnoredWhenIfNoneMatchIsPresent() {
        String lastModified = store();
        client.get()
                .uri(files(key()))
                .header(HttpHeaders.IF_NONE_MATCH, "\"other\"")
                .header(HttpHeaders.IF_MODIFIED_SINCE, lastModified)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .isEqualTo(CONTENT);
    }

    @Test
    void invalidIfModifiedSinceDateIsIgnored() {
        store();
        getWith(HttpHeaders.IF_MODIFIED_SINCE, "not a date")
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .isEqualTo(CONTENT);
    }

    @Test
    void invalidIfUnmodifiedSinceDateIsIgnored() {
        store();
        getWith(HttpHeaders.IF_UNMODIFIED_SINCE, "yesterday")
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .isEqualTo(CONTENT);
    }

    @Test
    void failedIfMatchOnGetGives412() {
        store();
        assertProblem(
                getWith(HttpHeaders.IF_MATCH, "\"other\""),
                HttpStatus.PRECONDITION_FAILED,
                "precondition-failed",
                path());
    }

    @Test
    void ifMatchComparesStronglyOnGet() {
        store();
        assertProblem(
                getWith(HttpHeaders.IF_MATCH, "W/" + etagOf(CONTENT)),
                HttpStatus.PRECONDITION_FAILED,
                "precondition-failed",
                path());
        getWith(HttpHeaders.IF_MATCH, etagOf(CONTENT))
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .isEqualTo(CONTENT);
    }

    @Test
    void ifUnmodifiedSinceBeforeLastModifiedGives412() {
        String lastModified = store();
        assertProblem(
                getWith(HttpHeaders.IF_UNMODIFIED_SINCE, shift(lastModified, -1)),
                HttpStatus.PRECONDITION_FAILED,
                "precondition-failed",
                path());
        getWith(HttpHeaders.IF_UNMODIFIED_SINCE, lastModified)
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .isEqualTo(CONTENT);
    }

    @Test
    void headWithIfNoneMatchGives304() {
        String lastModified = store();
        assertNotModified(
                client.head()
                        .uri(files(key()))
                        .header(HttpHeaders.IF_NONE_MATCH, etagOf(CONTENT))
                        .exchange()
                        .expectStatus()
                        .isNotModified()
                        .expectBody()
                        .isEmpty(),
                lastModified);
    }

    @Test
    void deleteWithAWrongIfMatchGives412AndKeepsTheObject() {
        store();
        assertProblem(
                client.delete()
                        .uri(files(key()))
                        .header(HttpHeaders.IF_MATCH, "\"other\"")
                        .exchange(),
                HttpStatus.PRECONDITION_FAILED,
                "precondition-failed",
                path());
        client.get()
                .uri(files(key()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .isEqualTo(CONTENT);
    }

    @Test
    void deleteWithTheRightIfMatchDeletes() {
        store();
        client.delete()
                .uri(files(key()))
                .header(HttpHeaders.IF_MATCH, etagOf(CONTENT))
                .exchange()
                .expectStatus()
                .isNoContent()
                .expectBody()
                .isEmpty();
        assertProblem(client.get().uri(files(key())).exchange(), HttpStatus.NOT_FOUND, "not-found", path());
    }

    @Test
    void deleteWithIfNoneMatchOfTheCurrentEtagGives412() {
        store();
        assertProblem(
                client.delete()
                        .uri(files(key()))
                        .header(HttpHeaders.IF_NONE_MATCH, etagOf(CONTENT))
                        .exchange(),
                HttpStatus.PRECONDITION_FAILED,
                "precondition-failed",
                path());
        client.get()
                .uri(files(key()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .isEqualTo(CONTENT);
    }

    /** Stores the content at this test's key and returns its {@code Last-Modified}. */
    private String store() {
        return client.put()
                .uri(files(key()))
                .bodyValue(CONTENT)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult()
                .getResponseHeaders()
                .getFirst(HttpHeaders.LAST_MODIFIED);
    }

    private WebTestClient.ResponseSpec getWith(String header, String value) {
        return client.get().uri(files(key())).header(header, value).exchange();
    }

    private String key() {
        return folder + "c.txt";
    }

    private String path() {
        return "/api/v1/files/" + key();
    }

    private static String shift(String httpDate, long seconds) {
        return HTTP_DATE.format(ZonedDateTime.parse(httpDate, HTTP_DATE).plusSeconds(seconds));
    }

    /** A 304 repeats the validators and the caching rule and carries no content headers. */
    private static void assertNotModified(EntityExchangeResult<?> result, String lastModified) {
        HttpHeaders headers = result.getResponseHeaders();
        assertThat(result.getStatus()).isEqualTo(HttpStatus.NOT_MODIFIED);
        assertThat(headers.getETag()).isEqualTo(etagOf(CONTENT));
        assertThat(headers.getFirst(HttpHeaders.LAST_MODIFIED)).isEqualTo(lastModified);
        assertThat(headers.getCacheControl()).isEqualTo("private, no-cache"); // the tests authenticate
        assertThat(result.getResponseBodyContent()).isNullOrEmpty();
    }
}
