package dev.sluice.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import dev.sluice.testing.TestTokens;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that disconnects mid-upload leaves no trace: no object, no temp file within a second, and the previous
 * version of the key intact.
 */
class DisconnectApiTest extends ApiTestSupport {

    private static final byte[] PREVIOUS = "previous version".getBytes(StandardCharsets.UTF_8);
    private static final int DECLARED = 1 << 20;

    /** How many body bytes the client sends before it hangs up: none, some, all but one. */
    @ParameterizedTest
    @ValueSource(ints = {0, 300_000, DECLARED - 1})
    void aRawPutCutShortLeavesNoTraceAndKeepsThePreviousVersion(int sent) throws Exception {
        put(folder + "kept.bin", PREVIOUS);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /api/v1/files/" + folder + "kept.bin HTTP/1.1\r\nHost: localhost\r\n"
                            + "Authorization: " + TestTokens.BEARER + "\r\n"
                            + "Content-Length: " + DECLARED + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[sent]);
            out.flush();
            Thread.sleep(100);
        }
        assertNoTrace();
        assertThat(download(folder + "kept.bin")).isEqualTo(PREVIOUS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"in-first-part", "between-parts", "in-second-part"})
    void aMultipartUploadCutShortKeepsOnlyTheFilesCompletedBeforeIt(String where) throws Exception {
        String boundary = "cut-boundary";
        String first = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"one.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        String second = "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
                + "filename=\"two.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/files?prefix=" + folder + " HTTP/1.1\r\nHost: localhost\r\n"
                            + "Authorization: " + TestTokens.BEARER + "\r\n"
                            + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            chunk(out, first.getBytes(StandardCharsets.US_ASCII));
            chunk(out, new byte[200_000]);
            if (!where.equals("in-first-part")) {
                chunk(out, second.getBytes(StandardCharsets.US_ASCII));
                if (where.equals("in-second-part")) {
                    chunk(out, new byte[200_000]);
                }
            }
            out.flush();
            Thread.sleep(300);
        }
        assertNoTrace();
        client.get().uri(files(folder + "two.bin")).exchange().expectStatus().isNotFound();
        if (where.equals("in-first-part")) {
            client.get()
                    .uri(files(folder + "one.bin"))
                    .exchange()
                    .expectStatus()
                    .isNotFound();
        } else {
            // The first part was complete when its boundary arrived: stored, as API.md says files before a failure
            // stay.
            assertThat(download(folder + "one.bin")).hasSize(200_000);
        }
    }

    private static void chunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private void assertNoTrace() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (stagingFiles() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(stagingFiles())
                .as("temp files a second after the disconnect")
                .isZero();
    }

    private byte[] download(String rawKey) {
        return client.get()
                .uri(files(rawKey))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
    }
}
