package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import dev.sluice.testing.PrometheusScrape;
import dev.sluice.testing.TestTokens;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

/** The metrics move as transfers happen, and the transfers endpoint shows an upload in progress. */
class MetricsApiTest extends ApiTestSupport {

    @Test
    void bytesCountersGrowByExactlyTheBytesSentAndReceived() {
        byte[] content = new byte[300_000];
        new Random(3).nextBytes(content);
        PrometheusScrape before = scrape();
        put(folder + "m.bin", content);
        client.get()
                .uri(files(folder + "m.bin"))
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(org.springframework.core.io.buffer.DataBuffer.class)
                .getResponseBody()
                .doOnNext(org.springframework.core.io.buffer.DataBufferUtils::release)
                .blockLast(Duration.ofSeconds(10));
        client.get()
                .uri(files(folder + "m.bin"))
                .header(HttpHeaders.RANGE, "bytes=0-999")
                .exchange()
                .expectStatus()
                .isEqualTo(206)
                .expectBody()
                .returnResult();
        PrometheusScrape after = scrape();

        assertThat(delta(before, after, "sluice_upload_bytes_total")).isEqualTo(300_000);
        assertThat(delta(before, after, "sluice_download_bytes_total")).isEqualTo(301_000);
        assertThat(delta(before, after, "sluice_upload_size_bytes_count")).isEqualTo(1);
        assertThat(delta(before, after, "sluice_upload_size_bytes_sum")).isEqualTo(300_000);
        assertThat(delta(before, after, "sluice_upload_duration_seconds_count", "outcome=\"success\""))
                .isEqualTo(1);
        assertThat(delta(before, after, "sluice_download_duration_seconds_count", "outcome=\"success\""))
                .isEqualTo(2);
        assertThat(after.value("sluice_transfers_active", "direction=\"upload\""))
                .isZero();
        assertThat(after.value("sluice_transfers_active", "direction=\"download\""))
                .isZero();
        if (onS3()) {
            // A bucket has no free space to report: the gauges exist only for stores of finite capacity.
            assertThat(after.has("sluice_storage_free_bytes")).isFalse();
            assertThat(after.has("sluice_storage_min_free_bytes")).isFalse();
        } else {
            assertThat(after.value("sluice_storage_free_bytes")).isPositive();
            assertThat(after.value("sluice_storage_min_free_bytes")).isEqualTo(1024 * 1024); // min-free-space: 1MB
        }
        // Histogram buckets: the +Inf bucket counts every observation, like _count.
        assertThat(delta(
                        before, after, "sluice_download_duration_seconds_bucket", "outcome=\"success\"", "le=\"+Inf\""))
                .isEqualTo(2);
        assertThat(after.has("http_server_requests_seconds_count")).isTrue();
        assertThat(after.has("reactor_netty_http_server_connections_active")).isTrue();
    }

    @Test
    void refusedUploadsAreCountedByReason() {
        PrometheusScrape before = scrape();
        client.put()
                .uri(files(folder + "big.bin"))
                .bodyValue(new byte[MAX_FILE_SIZE + 1])
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectBody()
                .returnResult();
        client.put()
                .uri(files(folder + "z.bin"))
                .header(HttpHeaders.CONTENT_ENCODING, "gzip")
                .bodyValue(new byte[1])
                .exchange()
                .expectStatus()
                .isEqualTo(415)
                .expectBody()
                .returnResult();
        client.put()
                .uri(files(".sluice/x"))
                .bodyValue(new byte[1])
                .exchange()
                .expectStatus()
                .isEqualTo(400)
                .expectBody()
                .returnResult();
        PrometheusScrape after = scrape();
        assertThat(delta(before, after, "sluice_upload_refused_total", "reason=\"too-large\""))
                .isEqualTo(1);
        assertThat(delta(before, after, "sluice_upload_refused_total", "reason=\"unsupported-encoding\""))
                .isEqualTo(1);
        assertThat(delta(before, after, "sluice_upload_refused_total", "reason=\"invalid-key\""))
                .isEqualTo(1);
        assertThat(delta(before, after, "sluice_upload_duration_seconds_count", "outcome=\"refused\""))
                .isEqualTo(3);
    }

    @Test
    void anUploadInProgressShowsItsBytesSoFarAndTheActiveGauge() {
        Sinks.Many<byte[]> chunks = Sinks.many().unicast().onBackpressureBuffer();
        Mono<Integer> upload = HttpClient.create()
                .headers(h -> h.set(HttpHeaders.AUTHORIZATION, TestTokens.BEARER))
                .put()
                .uri(files(folder + "slow.bin").toString())
                .send(chunks.asFlux().map(Unpooled::wrappedBuffer))
                .response()
                .map(response -> response.status().code());
        var pending = upload.toFuture();
        chunks.tryEmitNext(new byte[10_000]);
        waitUntil(() -> client.get()
                .uri(uri("/actuator/transfers"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody()
                .contains("\"bytes\":10000"));
        String transfers = client.get()
                .uri(uri("/actuator/transfers"))
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(transfers).contains("\"direction\":\"upload\"").contains(folder + "slow.bin");
        assertThat(scrape().value("sluice_transfers_active", "direction=\"upload\""))
                .isEqualTo(1);

        chunks.tryEmitNext(new byte[5_000]);
        chunks.tryEmitComplete();
        assertThat(pending.join()).isEqualTo(201);
        waitUntil(() -> scrape().value("sluice_transfers_active", "direction=\"upload\"") == 0);
    }

    private PrometheusScrape scrape() {
        return new PrometheusScrape(client.get()
                .uri(uri("/actuator/prometheus"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    }

    @Test
    void uploadsThroughAnUploadLinkAreCountedLikeOthersTusIncluded() {
        String url = client.post()
                .uri("/api/v1/shares")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(java.util.Map.of("prefix", folder, "expiresIn", "PT1H", "permission", "upload"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(tools.jackson.databind.JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("url")
                .asString();
        String link = "/api/v1/s/" + url.substring(url.indexOf("/s/") + 3);
        byte[] chunk = new byte[120_000];
        new Random(4).nextBytes(chunk);
        PrometheusScrape before = scrape();
        String location = client.post()
                .uri(link + "/uploads")
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", Integer.toString(chunk.length))
                .header(
                        "Upload-Metadata",
                        "filename " + java.util.Base64.getEncoder().encodeToString("linked.bin".getBytes()))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult()
                .getResponseHeaders()
                .getFirst(HttpHeaders.LOCATION);
        client.patch()
                .uri(location.substring(location.indexOf("/api/v1/")))
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0")
                .header(HttpHeaders.CONTENT_TYPE, "application/offset+octet-stream")
                .bodyValue(chunk)
                .exchange()
                .expectStatus()
                .isNoContent();
        org.springframework.http.client.MultipartBodyBuilder form =
                new org.springframework.http.client.MultipartBodyBuilder();
        form.part("file", chunk).filename("posted.bin");
        client.post()
                .uri(link + "/files")
                .bodyValue(form.build())
                .exchange()
                .expectStatus()
                .isCreated();
        PrometheusScrape after = scrape();

        // The creation, the chunk and the multipart request, each a successful upload; the bytes of the chunk and
        // of the multipart body (the file plus its part headers)
        assertThat(delta(before, after, "sluice_upload_duration_seconds_count", "outcome=\"success\""))
                .isEqualTo(3);
        assertThat(delta(before, after, "sluice_upload_bytes_total")).isBetween(240_000.0, 241_000.0);
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
