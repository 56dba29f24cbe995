package dev.sluice.api;

import dev.sluice.testing.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** WebDAV requests for the DAV tests: each test works under its own folder, {@code /dav/<folder>}. */
abstract class DavSupport extends ApiTestSupport {

    static final HttpMethod PROPFIND = HttpMethod.valueOf("PROPFIND");
    static final HttpMethod PROPPATCH = HttpMethod.valueOf("PROPPATCH");
    static final HttpMethod MKCOL = HttpMethod.valueOf("MKCOL");
    static final HttpMethod COPY = HttpMethod.valueOf("COPY");
    static final HttpMethod MOVE = HttpMethod.valueOf("MOVE");
    static final HttpMethod LOCK = HttpMethod.valueOf("LOCK");
    static final HttpMethod UNLOCK = HttpMethod.valueOf("UNLOCK");

    static final String XML = "application/xml; charset=utf-8";

    static final String EXCLUSIVE_LOCK = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
            + "<D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/></D:lockscope>"
            + "<D:locktype><D:write/></D:locktype><D:owner><D:href>mailto:t@example.com</D:href></D:owner>"
            + "</D:lockinfo>";

    static final String SHARED_LOCK = EXCLUSIVE_LOCK.replace("<D:exclusive/>", "<D:shared/>");

    @BeforeEach
    void createTestFolder() {
        // The first request of a run on S3 can wait for the bucket and the lock table on a loaded machine
        client = client.mutate()
                .responseTimeout(java.time.Duration.ofSeconds(30))
                .build();
        request(MKCOL, "").exchange().expectStatus().isCreated();
    }

    /** The raw URI of {@code rawPath} under this test's folder. */
    String dav(String rawPath) {
        return "/dav/" + folder + rawPath;
    }

    WebTestClient.RequestBodySpec request(HttpMethod method, String rawPath) {
        return client.method(method).uri(uri(dav(rawPath)));
    }

    /** A request with an XML body. */
    WebTestClient.ResponseSpec xml(HttpMethod method, String rawPath, String body, String... headers) {
        WebTestClient.RequestBodySpec spec = request(method, rawPath).contentType(MediaType.parseMediaType(XML));
        for (int i = 0; i < headers.length; i += 2) {
            spec = spec.header(headers[i], headers[i + 1]);
        }
        return spec.bodyValue(body).exchange();
    }

    /** The body of a 207 PROPFIND at depth {@code depth}, with an allprop body. */
    String propfind(String rawPath, String depth) {
        return body(request(PROPFIND, rawPath)
                .header("Depth", depth)
                .exchange()
                .expectStatus()
                .isEqualTo(207));
    }

    /** PUTs {@code content} at {@code rawPath} over WebDAV, expecting 201. */
    void davPut(String rawPath, String content) {
        request(HttpMethod.PUT, rawPath)
                .bodyValue(content)
                .exchange()
                .expectStatus()
                .isCreated();
    }

    /** Takes an exclusive lock and returns its token (without angle brackets). */
    String lock(String rawPath, String body, String depth) {
        EntityExchangeResult<byte[]> result = xml(LOCK, rawPath, body, "Depth", depth, "Timeout", "Second-600")
                .expectStatus()
                .is2xxSuccessful()
                .expectHeader()
                .exists("Lock-Token")
                .expectBody()
                .returnResult();
        String token = result.getResponseHeaders().getFirst("Lock-Token");
        return token.substring(1, token.length() - 1);
    }

    static String body(WebTestClient.ResponseSpec response) {
        byte[] bytes = response.expectBody().returnResult().getResponseBodyContent();
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
