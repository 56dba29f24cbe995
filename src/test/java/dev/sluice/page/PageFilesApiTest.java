package dev.sluice.page;

import static dev.sluice.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The page's files over HTTP, served from memory: types, validators, revalidation, HEAD, and that a path which is
 * not a page file still gets the API's problem+json 404. BlockHound runs in this JVM, so serving them also proves no
 * file is read on the event loop.
 */
class PageFilesApiTest extends ApiTestSupport {

    @Test
    void rootServesIndexHtmlWithValidatorsAndNoCache() {
        // As a browser first asks for it: without credentials (the page's files are public, so shared caches may
        // keep them; an authenticated answer is marked private by the security chain).
        HttpHeaders headers = client.mutate()
                .defaultHeaders(h -> h.remove(HttpHeaders.AUTHORIZATION))
                .build()
                .get()
                .uri(uri("/"))
                .accept(MediaType.TEXT_HTML)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("text/html;charset=UTF-8")
                .expectHeader()
                .cacheControl(org.springframework.http.CacheControl.noCache())
                .expectHeader()
                .valueEquals("X-Content-Type-Options", "nosniff")
                .expectBody(String.class)
                .value(body -> assertThat(body).contains("<html"))
                .returnResult()
                .getResponseHeaders();
        assertThat(headers.getETag()).matches("\"[0-9a-f]{32}\"");
        assertThat(headers.getLastModified()).isPositive();
        assertThat(headers.getContentLength()).isPositive();
    }

    @Test
    void rootAndIndexHtmlAreTheSameFile() {
        String root = client.get()
                .uri(uri("/"))
                .exchange()
                .expectBody()
                .returnResult()
                .getResponseHeaders()
                .getETag();
        String index = client.get()
                .uri(uri("/index.html"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseHeaders()
                .getETag();
        assertThat(root).isEqualTo(index);
    }

    @Test
    void headAnswersLikeGetWithoutABody() {
        byte[] body = client.get()
                .uri(uri("/js/main.js"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBodyContent();
        client.head()
                .uri(uri("/js/main.js"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentLength(body.length)
                .expectBody()
                .isEmpty();
        client.head()
                .uri(uri("/"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .isEmpty();
    }

    @Test
    void modulesAndStylesHaveTheirTypes() {
        client.get()
                .uri(uri("/js/main.js"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .value(HttpHeaders.CONTENT_TYPE, type -> assertThat(type).contains("javascript"))
                .expectBody(String.class)
                .value(js -> assertThat(js).contains("import"));
        client.get()
                .uri(uri("/app.css"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("text/css;charset=UTF-8");
        client.get()
                .uri(uri("/favicon.svg"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .value(HttpHeaders.CONTENT_TYPE, type -> assertThat(type).startsWith("image/svg+xml"));
    }

    @Test
    void revalidationGivesNotModified() {
        HttpHeaders first = client.get()
                .uri(uri("/app.css"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseHeaders();
        client.get()
                .uri(uri("/app.css"))
                .ifNoneMatch(first.getETag())
                .exchange()
                .expectStatus()
                .isNotModified()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, first.getETag())
                .expectBody()
                .isEmpty();
        client.get()
                .uri(uri("/app.css"))
                .ifNoneMatch("\"something-else\"")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(css -> assertThat(css.getBytes(StandardCharsets.UTF_8)).isNotEmpty());
    }

    @Test
    void pathsThatAreNotPageFilesAreProblemNotFound() {
        assertProblem(client.get().uri(uri("/no-such-page.js")).exchange(), 404, "not-found", "/no-such-page.js");
        assertProblem(client.get().uri(uri("/js/")).exchange(), 404, "not-found", "/js/");
    }

    @Test
    void pageFilesAnswerOnlyReads() {
        assertProblem(client.post().uri(uri("/index.html")).exchange(), 404, "not-found", "/index.html");
    }
}
