package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import dev.sluice.testing.RawHttp;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request targets that are not valid URIs never reach a controller, yet still get a problem document, and nothing
 * is stored.
 */
class MalformedTargetApiTest extends ApiTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {"a%zz", "a%2", "a%", "a\\b", "caf\u00c3\u00a9", "a|b", "a{b}", "a\"b"})
    void aPutToAMalformedKeyTargetIs400InvalidKey(String rawKey) throws IOException {
        String response = RawHttp.exchange(
                port,
                "PUT /api/v1/files/" + folder + rawKey + " HTTP/1.1\r\n"
                        + "Host: localhost\r\nContent-Length: 3\r\n\r\nabc");
        assertThat(response)
                .startsWith("HTTP/1.1 400 ")
                .containsIgnoringCase("content-type: application/problem+json")
                .contains("\"code\":\"invalid-key\"")
                .contains("\"status\":400");
        client.get()
                .uri(uri("/api/v1/files?prefix=" + folder))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items")
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/files?prefix=%zz", "/nowhere/%"})
    void otherMalformedTargetsAre400InvalidRequest(String target) throws IOException {
        String response = RawHttp.exchange(port, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(response)
                .startsWith("HTTP/1.1 400 ")
                .containsIgnoringCase("content-type: application/problem+json")
                .contains("\"code\":\"invalid-request\"");
    }
}
