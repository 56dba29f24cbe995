package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory stays flat whatever the file size: 1 GiB goes up and comes back down through a server whose heap is 96 MiB
 * (a body held in memory would need ten times that). Runs the packaged jar in its own JVM.
 */
class LargeFileIT {

    private static final long SIZE = 1L << 30;

    @TempDir
    Path root;

    @Test
    void oneGibibyteStreamsThroughA96MiBHeapBothWays() throws Exception {
        try (ServerProcess server = ServerProcess.start(
                root,
                List.of("-Xmx96m"),
                List.of("--sluice.storage.min-free-space=0", "--sluice.upload.max-file-size=2GB"))) {
            HttpClient client = HttpClient.newHttpClient();
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            // No length given: the body goes chunked, so the server cannot size anything in advance.
            HttpResponse<String> put = client.send(
                    HttpRequest.newBuilder(server.uri("/api/v1/files/big/one.bin"))
                            .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(SIZE, sent)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
            String expected = HexFormat.of().formatHex(sent.digest());
            assertThat(put.body()).contains("\"size\":" + SIZE).contains(expected);

            HttpResponse<InputStream> get = client.send(
                    HttpRequest.newBuilder(server.uri("/api/v1/files/big/one.bin"))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
            MessageDigest received = MessageDigest.getInstance("SHA-256");
            long count = 0;
            try (InputStream body = get.body()) {
                byte[] buffer = new byte[256 * 1024];
                for (int n; (n = body.read(buffer)) > 0; ) {
                    received.update(buffer, 0, n);
                    count += n;
                }
            }
            assertThat(count).isEqualTo(SIZE);
            assertThat(HexFormat.of().formatHex(received.digest())).isEqualTo(expected);
            assertThat(server.output()).doesNotContain("OutOfMemoryError");
        }
    }

    /** A deterministic pseudo-random stream of a given length, hashed as it is read. */
    private static final class PatternStream extends InputStream {
        private final SplittableRandom random = new SplittableRandom(42);
        private final MessageDigest digest;
        private long remaining;

        PatternStream(long size, MessageDigest digest) {
            this.remaining = size;
            this.digest = digest;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            for (int i = 0; i < n; i += 8) {
                long value = random.nextLong();
                for (int j = 0; j < 8 && i + j < n; j++) {
                    buffer[offset + i + j] = (byte) (value >>> (8 * j));
                }
            }
            digest.update(buffer, offset, n);
            remaining -= n;
            return n;
        }
    }
}
