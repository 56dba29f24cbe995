package dev.sluice.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.S3TestServer;
import dev.sluice.testing.ServerProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A folder move on S3 is many copies and deletes: the Sluice process doing one is killed (SIGKILL, no shutdown
 * hook) while it is under way. Every file is then at its source, its destination or both, none is lost or torn, and
 * the same request sent to a new process completes the move: every file at the destination with its own bytes and
 * nothing left at the source.
 */
class FolderMoveKillIT {

    private static final int FILES = 600;
    private static final String PREFIX = "kill/";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aKilledFolderMoveLosesNothingAndTheRepeatedRequestCompletesIt() throws Exception {
        S3TestServer s3 = S3TestServer.of(S3TestServer.Kind.S3PROXY);
        String bucket = s3.newBucket(false);
        List<String> arguments = List.of(
                "--sluice.storage.type=s3",
                "--sluice.storage.s3.endpoint=" + s3.endpoint(),
                "--sluice.storage.s3.bucket=" + bucket,
                "--sluice.storage.s3.access-key=" + s3.accessKey(),
                "--sluice.storage.s3.secret-key=" + s3.secretKey(),
                "--sluice.storage.s3.key-prefix=" + PREFIX);

        ServerProcess first = start(arguments);
        CompletableFuture<HttpResponse<String>> move;
        try {
            // 16 at a time: the server caps the connections one address may hold.
            for (int batch = 0; batch < FILES; batch += 16) {
                CompletableFuture.allOf(IntStream.range(batch, Math.min(FILES, batch + 16))
                                .mapToObj(i -> HTTP.sendAsync(
                                                HttpRequest.newBuilder(first.uri("/api/v1/files/from/f" + i + ".txt"))
                                                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body(i)))
                                                        .build(),
                                                HttpResponse.BodyHandlers.discarding())
                                        .thenAccept(response -> assertThat(response.statusCode())
                                                .isEqualTo(201)))
                                .toArray(CompletableFuture[]::new))
                        .get();
            }
            move = HTTP.sendAsync(moveRequest(first), HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (names(s3, bucket, "to/").size() < 20 && !move.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
        } finally {
            first.kill();
        }
        assertThat(move.handle((response, error) -> response == null ? "cut" : "answered " + response.statusCode())
                        .get())
                .as("the process died before it could answer the move")
                .isEqualTo("cut");

        Set<String> atSource = names(s3, bucket, "from/");
        Set<String> atTarget = names(s3, bucket, "to/");
        assertThat(atTarget).as("the move was under way").isNotEmpty();
        assertThat(atSource).as("and did not finish").isNotEmpty();
        for (int i = 0; i < FILES; i++) {
            String name = "f" + i + ".txt";
            assertThat(atSource.contains(name) || atTarget.contains(name))
                    .as(name + " is somewhere after the kill")
                    .isTrue();
        }

        ServerProcess second = start(arguments);
        try {
            HttpResponse<String> repeated = HTTP.send(moveRequest(second), HttpResponse.BodyHandlers.ofString());
            assertThat(repeated.statusCode()).as(repeated.body()).isEqualTo(200);
            assertThat(repeated.body()).contains("\"to\":\"to/\"");
            for (int i = 0; i < FILES; i++) {
                HttpResponse<byte[]> read = HTTP.send(
                        HttpRequest.newBuilder(second.uri("/api/v1/files/to/f" + i + ".txt"))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(read.statusCode()).as("to/f" + i + ".txt").isEqualTo(200);
                assertThat(read.body()).as("to/f" + i + ".txt").isEqualTo(body(i));
            }
            assertThat(names(s3, bucket, "from/"))
                    .as("nothing is left at the source")
                    .isEmpty();
        } finally {
            second.close();
        }
    }

    private static HttpRequest moveRequest(ServerProcess server) {
        return HttpRequest.newBuilder(server.uri("/api/v1/move"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"from/\",\"to\":\"to/\"}"))
                .timeout(TIMEOUT)
                .build();
    }

    /** The names of the objects (not folder markers) directly under {@code folder}, straight from the bucket. */
    private static Set<String> names(S3TestServer s3, String bucket, String folder) {
        return s3.keys(bucket, PREFIX + folder).stream()
                .map(key -> key.substring((PREFIX + folder).length()))
                .filter(name -> !name.isEmpty() && !name.endsWith("/"))
                .collect(Collectors.toCollection(HashSet::new));
    }

    private static byte[] body(int i) {
        return ("file " + i + " ").repeat(50 + i % 7).getBytes(StandardCharsets.UTF_8);
    }

    private static ServerProcess start(List<String> arguments) throws Exception {
        // The S3 backend ignores the root; ServerProcess passes one.
        return ServerProcess.start(Files.createTempDirectory("sluice-unused-root"), List.of("-Xmx192m"), arguments);
    }
}
