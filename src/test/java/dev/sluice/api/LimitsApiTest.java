package dev.sluice.api;

import static dev.sluice.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** {@code GET /api/v1/limits}: what the page needs to know before it uploads. */
class LimitsApiTest extends ApiTestSupport {

    @Test
    void limitsShowTheConfiguredMaxFileSizeInBytesAndMaxParts() {
        client.get()
                .uri(uri("/api/v1/limits"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .json(
                        "{\"maxFileSize\":" + MAX_FILE_SIZE + ",\"maxParts\":" + MAX_PARTS
                                + ",\"resumableThreshold\":33554432,\"resumableChunkSize\":52428800}",
                        true);
    }

    @Test
    void limitsAreReadOnly() {
        assertProblem(
                client.put().uri(uri("/api/v1/limits")).bodyValue("{}").exchange(),
                405,
                "method-not-allowed",
                "/api/v1/limits");
        client.post()
                .uri(uri("/api/v1/limits"))
                .exchange()
                .expectHeader()
                .value(
                        HttpHeaders.ALLOW,
                        allow -> assertThat(allow.split(",")).containsExactlyInAnyOrder("GET", "HEAD"));
    }
}
