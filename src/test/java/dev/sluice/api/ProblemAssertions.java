package dev.sluice.api;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Checks that a response is an RFC 9457 problem with the given status, code and instance. */
public final class ProblemAssertions {

    private ProblemAssertions() {}

    public static WebTestClient.BodyContentSpec assertProblem(
            WebTestClient.ResponseSpec response, int status, String code, String instance) {
        return response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("about:blank")
                .jsonPath("$.title")
                .isNotEmpty()
                .jsonPath("$.status")
                .isEqualTo(status)
                .jsonPath("$.detail")
                .isNotEmpty()
                .jsonPath("$.instance")
                .isEqualTo(instance)
                .jsonPath("$.code")
                .isEqualTo(code);
    }
}
