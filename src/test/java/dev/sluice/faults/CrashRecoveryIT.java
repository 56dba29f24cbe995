package dev.sluice.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL during many concurrent uploads, then a restart on the same root: every acknowledged upload is there byte
 * for byte, anything else visible is a complete upload (never a partial one), an overwritten key holds a complete
 * old or new version, and the temp files the crash left are removed at start-up.
 */
class CrashRecoveryIT {

    private static final int FAST_UPLOADS = 40;
    private static final int TRICKLING_UPLOADS = 6;

    @TempDir
    Path root;

    @Test
    void acknowledgedUploadsSurviveSigkillAndNothingPartialAppears() throws Exception {
        Random random = new Random(11);
        Map<String, byte[]> attempted = new ConcurrentHashMap<>();
        Map<String, byte[]> acknowledged = new ConcurrentHashMap<>();
        byte[] previous = bytes(random, 100_000);
        List<byte[]> overwrites = new ArrayList<>();

        ServerProcess server =
                ServerProcess.start(root, List.of("-Xmx128m"), List.of("--sluice.storage.min-free-space=0"));
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThat(put(http, server, "crash/overwritten.bin", previous).statusCode())
                .isEqualTo(201);

        List<CompletableFuture<?>> running = new ArrayList<>();
        // Uploads that trickle: certainly in the middle of their bodies when the process dies.
        for (int i = 0; i < TRICKLING_UPLOADS; i++) {
            String key = "crash/slow-" + i + ".bin";
            byte[] content = bytes(random, 4 << 20);
            attempted.put(key, content);
            running.add(http.sendAsync(
                    request(
                            server,
                            key,
                            HttpRequest.BodyPublishers.ofInputStream(
                                    () -> new Trickle(content, 16 * 1024, Duration.ofMillis(20)))),
                    HttpResponse.BodyHandlers.discarding()));
        }
        for (int i = 0; i < FAST_UPLOADS; i++) {
            boolean overwrite = i % 5 == 0;
            String key = overwrite ? "crash/overwritten.bin" : "crash/fast-" + i + ".bin";
            byte[] content = bytes(random, 64 * 1024 + random.nextInt(2 << 20));
            if (overwrite) {
                synchronized (overwrites) {
                    overwrites.add(content);
                }
            } else {
                attempted.put(key, content);
            }
            running.add(http.sendAsync(
                            request(server, key, HttpRequest.BodyPublishers.ofByteArray(content)),
                            HttpResponse.BodyHandlers.discarding())
                    .thenAccept(response -> {
                        if (response.statusCode() / 100 == 2 && !overwrite) {
                            acknowledged.put(key, content);
                        }
                    }));
        }
        awaitAcknowledged(acknowledged, FAST_UPLOADS / 4);
        server.kill();
        for (CompletableFuture<?> upload : running) {
            upload.handle((result, error) -> null).get();
        }

        assertThat(acknowledged).isNotEmpty();
        assertThat(tempFiles()).as("the crash leaves staged uploads behind").isNotEmpty();

        try (ServerProcess restarted =
                ServerProcess.start(root, List.of("-Xmx128m"), List.of("--sluice.storage.min-free-space=0"))) {
            assertThat(restarted.output()).contains("orphaned temp file");
            assertThat(tempFiles()).as("orphans are removed at start-up").isEmpty();
            for (Map.Entry<String, byte[]> upload : acknowledged.entrySet()) {
                assertThat(sha256(get(http, restarted, upload.getKey()).body()))
                        .as("acknowledged %s", upload.getKey())
                        .isEqualTo(sha256(upload.getValue()));
            }
            for (Map.Entry<String, byte[]> upload : attempted.entrySet()) {
                HttpResponse<byte[]> response = get(http, restarted, upload.getKey());
                if (response.statusCode() == 200) {
                    assertThat(sha256(response.body()))
                            .as("a visible %s is complete", upload.getKey())
                            .isEqualTo(sha256(upload.getValue()));
                } else {
                    assertThat(response.statusCode()).isEqualTo(404);
                }
            }
            List<String> versions = new ArrayList<>();
            versions.add(sha256(previous));
            overwrites.forEach(content -> versions.add(sha256(content)));
            HttpResponse<byte[]> overwritten = get(http, restarted, "crash/overwritten.bin");
            assertThat(overwritten.statusCode()).isEqualTo(200);
            assertThat(versions).contains(sha256(overwritten.body()));
            assertThat(overwritten.headers().firstValue("ETag")).hasValue("\"" + sha256(overwritten.body()) + "\"");
        }
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(".sluice/tmp"))) {
            return files.toList();
        }
    }

    private static void awaitAcknowledged(Map<String, byte[]> acknowledged, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (acknowledged.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static HttpRequest request(ServerProcess server, String key, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(server.uri("/api/v1/files/" + key))
                .PUT(body)
                .build();
    }

    private static HttpResponse<Void> put(HttpClient http, ServerProcess server, String key, byte[] content)
            throws IOException, InterruptedException {
        return http.send(
                request(server, key, HttpRequest.BodyPublishers.ofByteArray(content)),
                HttpResponse.BodyHandlers.discarding());
    }

    private static HttpResponse<byte[]> get(HttpClient http, ServerProcess server, String key)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(server.uri("/api/v1/files/" + key)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] bytes(Random random, int size) {
        byte[] content = new byte[size];
        random.nextBytes(content);
        return content;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hands out its content a chunk at a time with a pause between chunks: a slow client. */
    static final class Trickle extends InputStream {
        private final byte[] content;
        private final int chunk;
        private final Duration pause;
        private int position;

        Trickle(byte[] content, int chunk, Duration pause) {
            this.content = content;
            this.chunk = chunk;
            this.pause = pause;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position == content.length) {
                return -1;
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            int n = Math.min(Math.min(length, chunk), content.length - position);
            System.arraycopy(content, position, buffer, offset, n);
            position += n;
            return n;
        }
    }
}
