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
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Graceful shutdown, and downloads that are cancelled or read slowly, against the packaged jar. */
class ShutdownAndLeaksIT {

    @TempDir
    Path root;

    @Test
    void sigtermLetsARunningUploadFinishAndRefusesNewRequests() throws Exception {
        ServerProcess server = ServerProcess.start(
                root,
                List.of("-Xmx128m"),
                List.of("--sluice.storage.min-free-space=0", "--spring.lifecycle.timeout-per-shutdown-phase=20s"));
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        byte[] content = new byte[2 << 20];
        new Random(9).nextBytes(content);
        // About 3 s of body at 64 KiB every 100 ms: still running when SIGTERM arrives.
        CompletableFuture<HttpResponse<String>> upload = http.sendAsync(
                HttpRequest.newBuilder(server.uri("/api/v1/files/graceful.bin"))
                        .PUT(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new CrashRecoveryIT.Trickle(content, 64 * 1024, Duration.ofMillis(100))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(700);
        server.process().destroy(); // SIGTERM
        Thread.sleep(300);
        boolean refused;
        try {
            HttpResponse<Void> late = http.send(
                    HttpRequest.newBuilder(server.uri("/api/v1/files")).build(),
                    HttpResponse.BodyHandlers.discarding());
            refused = late.statusCode() == 503;
        } catch (IOException connectionRefused) {
            refused = true;
        }
        assertThat(refused)
                .as("a new request during the grace period is refused")
                .isTrue();
        HttpResponse<String> finished = upload.get();
        assertThat(finished.statusCode()).as(finished.body()).isEqualTo(201);
        assertThat(server.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();

        try (ServerProcess again =
                ServerProcess.start(root, List.of("-Xmx128m"), List.of("--sluice.storage.min-free-space=0"))) {
            HttpResponse<byte[]> stored = http.send(
                    HttpRequest.newBuilder(again.uri("/api/v1/files/graceful.bin"))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(stored.body()).isEqualTo(content);
        }
    }

    @Test
    void cancelledAndSlowDownloadsLeakNoDescriptorsOrBuffers() throws Exception {
        try (ServerProcess server = ServerProcess.start(
                root,
                List.of("-Xmx128m", "-Dio.netty.leakDetection.level=paranoid"),
                List.of("--sluice.storage.min-free-space=0"))) {
            HttpClient http = HttpClient.newHttpClient();
            byte[] content = new byte[8 << 20];
            new Random(4).nextBytes(content);
            for (String mode : List.of("true", "false")) {
                assertThat(http.send(
                                        HttpRequest.newBuilder(server.uri("/api/v1/files/leak/" + mode + ".bin"))
                                                .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode())
                        .isEqualTo(201);
            }
            long baseline = openDescriptors(server.pid());
            for (int i = 0; i < 30; i++) {
                // Read a little of each download, then hang up: whole, ranged and multi-range bodies.
                String range = switch (i % 3) {
                    case 0 -> null;
                    case 1 -> "bytes=1000-";
                    default -> "bytes=0-100,5000000-";
                };
                HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/api/v1/files/leak/true.bin"));
                if (range != null) {
                    request.header("Range", range);
                }
                HttpResponse<InputStream> response =
                        http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    body.readNBytes(64 * 1024);
                }
            }
            // A slow reader of the whole streamed object: small reads with pauses, to the end.
            HttpResponse<InputStream> slow = http.send(
                    HttpRequest.newBuilder(server.uri("/api/v1/files/leak/false.bin"))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            long total = 0;
            try (InputStream body = slow.body()) {
                byte[] buffer = new byte[512 * 1024];
                for (int n; (n = body.read(buffer)) > 0; total += n) {
                    Thread.sleep(5);
                }
            }
            assertThat(total).isEqualTo(content.length);
            awaitDescriptorsAtMost(server.pid(), baseline + 2);
            // Paranoid leak detection reports on GC: ask the server's JVM to collect, then read its log.
            new ProcessBuilder("jcmd", Long.toString(server.pid()), "GC.run")
                    .start()
                    .waitFor();
            Thread.sleep(500);
            http.send(
                    HttpRequest.newBuilder(server.uri("/api/v1/files/leak/true.bin"))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(server.output()).doesNotContain("LEAK:");
        }
    }

    private static long openDescriptors(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        }
    }

    private static void awaitDescriptorsAtMost(long pid, long limit) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long open = openDescriptors(pid);
        while (open > limit && System.nanoTime() < deadline) {
            Thread.sleep(100);
            open = openDescriptors(pid);
        }
        assertThat(open)
                .as("open descriptors after cancelled and slow downloads")
                .isLessThanOrEqualTo(limit);
    }
}
