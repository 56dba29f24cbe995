package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SmokeApiTest extends ApiTestSupport {

    @Test
    void putThenGetReturnsTheSameBytes() {
        byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
        put(folder + "a.txt", content);
        byte[] body = client.get()
                .uri(files(folder + "a.txt"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        assertThat(body).isEqualTo(content);
    }
}
