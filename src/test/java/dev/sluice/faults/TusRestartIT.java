package dev.sluice.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ServerProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed (SIGKILL) in the middle of a tus chunk and started again on the same root continues the upload
 * from a consistent offset: the saved offset is at most what was sent, the client resumes from it, and the stored
 * file is the whole content byte for byte, its SHA-256 carried across the restart in the upload's record.
 */
class TusRestartIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path root;

    @Test
    void anUploadKilledMidChunkResumesAfterARestartFromASavedOffset() throws Exception {
        byte[] content = new byte[6 << 20];
        new Random(21).nextBytes(content);
        List<String> arguments = List.of("--sluice.storage.min-free-space=0");
        String path;
        long before;
        try (ServerProcess server = ServerProcess.start(root, List.of("-Xmx128m"), arguments)) {
            path = create(server, content.length);
            before = 1 << 20;
            assertThat(patch(server, path, 0, Arrays.copyOfRange(content, 0, (int) before))
                            .statusCode())
                    .isEqualTo(204);
            // A second chunk that trickles: certainly mid-body when the process dies.
            CompletableFuture<HttpResponse<Void>> trickling = HTTP.sendAsync(
                    HttpRequest.newBuilder(server.uri(path))
                            .method(
                                    "PATCH",
                                    HttpRequest.BodyPublishers.fromPublisher(
                                            HttpRequest.BodyPublishers.ofInputStream(() -> new CrashRecoveryIT.Trickle(
                                                    Arrays.copyOfRange(content, (int) before, content.length),
                                                    32 * 1024,
                                                    Duration.ofMillis(20))),
                                            content.length - before))
                            .header("Tus-Resumable", "1.0.0")
                            .header("Upload-Offset", Long.toString(before))
                            .header("Content-Type", "application/offset+octet-stream")
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            Thread.sleep(1500);
            server.kill();
            trickling.handle((response, error) -> null).join();
        }

        try (ServerProcess restarted = ServerProcess.start(root, List.of("-Xmx128m"), arguments)) {
            long offset = offset(restarted, path);
            assertThat(offset).isBetween(before, (long) content.length);
            HttpResponse<String> rest =
                    patch(restarted, path, offset, Arrays.copyOfRange(content, (int) offset, content.length));
            assertThat(rest.statusCode()).isEqualTo(204);
            assertThat(rest.headers().firstValue("Sluice-Key")).contains("restart/survivor.bin");

            HttpResponse<byte[]> stored = HTTP.send(
                    HttpRequest.newBuilder(restarted.uri("/api/v1/files/restart/survivor.bin"))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(stored.statusCode()).isEqualTo(200);
            assertThat(stored.body()).isEqualTo(content);
            assertThat(stored.headers().firstValue("ETag")).contains("\"" + sha256(content) + "\"");
        }
    }

    private static String create(ServerProcess server, long length) throws Exception {
        HttpResponse<String> created = HTTP.send(
                HttpRequest.newBuilder(server.uri("/api/v1/uploads"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .header("Tus-Resumable", "1.0.0")
                        .header("Upload-Length", Long.toString(length))
                        .header(
                                "Upload-Metadata",
                                "filename " + base64("survivor.bin") + ",prefix " + base64("restart/"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.indexOf("/api/v1/uploads"));
    }

    private static HttpResponse<String> patch(ServerProcess server, String path, long offset, byte[] chunk)
            throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(server.uri(path))
                        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk))
                        .header("Tus-Resumable", "1.0.0")
                        .header("Upload-Offset", Long.toString(offset))
                        .header("Content-Type", "application/offset+octet-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The offset by HEAD; retried (bounded) while the killed PATCH's lease has not run out. */
    private static long offset(ServerProcess server, String path) throws Exception {
        HttpResponse<Void> head = HTTP.send(
                HttpRequest.newBuilder(server.uri(path))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .header("Tus-Resumable", "1.0.0")
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        return Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
