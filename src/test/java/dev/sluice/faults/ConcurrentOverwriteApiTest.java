package dev.sluice.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import dev.sluice.testing.TestTokens;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Twenty writers overwrite one key at once while readers keep reading it: afterwards the object is exactly one of
 * the uploads with matching metadata, and every read during the storm was one complete version whose headers
 * describe its bytes.
 */
class ConcurrentOverwriteApiTest extends ApiTestSupport {

    @Test
    void writersLeaveExactlyOneUploadAndReadersNeverSeeAMix() throws Exception {
        String key = folder + "contended.bin";
        Random random = new Random(5);
        List<byte[]> uploads = new ArrayList<>();
        Set<String> versions = new HashSet<>();
        byte[] initial = new byte[500_000];
        random.nextBytes(initial);
        put(key, initial);
        versions.add(CrashRecoveryIT.sha256(initial));
        for (int i = 0; i < 20; i++) {
            byte[] content = new byte[200_000 + random.nextInt(600_000)];
            random.nextBytes(content);
            uploads.add(content);
            versions.add(CrashRecoveryIT.sha256(content));
        }

        HttpClient http = HttpClient.newHttpClient();
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> mismatches = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> reads = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> readers = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            readers.add(CompletableFuture.runAsync(() -> {
                while (writing.get()) {
                    try {
                        HttpResponse<byte[]> read = http.send(
                                HttpRequest.newBuilder(files(key))
                                        .header("Authorization", TestTokens.BEARER)
                                        .build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        String sha = CrashRecoveryIT.sha256(read.body());
                        String etag = read.headers().firstValue("ETag").orElse("");
                        long length = read.headers()
                                .firstValueAsLong("Content-Length")
                                .orElse(-1);
                        if (!versions.contains(sha)
                                || !etag.equals("\"" + sha + "\"")
                                || length != read.body().length) {
                            mismatches.add("read " + sha + " under " + etag + " length " + length);
                        }
                        reads.add(read.statusCode());
                    } catch (Exception e) {
                        mismatches.add(e.toString());
                    }
                }
            }));
        }
        List<CompletableFuture<HttpResponse<String>>> writers = new ArrayList<>();
        for (byte[] content : uploads) {
            writers.add(http.sendAsync(
                    HttpRequest.newBuilder(files(key))
                            .header("Authorization", TestTokens.BEARER)
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> writer : writers) {
            assertThat(writer.get().statusCode()).isEqualTo(200);
        }
        writing.set(false);
        CompletableFuture.allOf(readers.toArray(CompletableFuture[]::new)).get();

        assertThat(mismatches).isEmpty();
        assertThat(reads).isNotEmpty().allMatch(status -> status == 200);
        HttpResponse<byte[]> result = http.send(
                HttpRequest.newBuilder(files(key))
                        .header("Authorization", TestTokens.BEARER)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        String sha = CrashRecoveryIT.sha256(result.body());
        assertThat(uploads.stream().map(CrashRecoveryIT::sha256)).contains(sha);
        client.get()
                .uri(uri("/api/v1/metadata/" + key))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.sha256")
                .isEqualTo(sha)
                .jsonPath("$.size")
                .isEqualTo(result.body().length);
        assertThat(stagingFiles()).isZero();
    }
}
