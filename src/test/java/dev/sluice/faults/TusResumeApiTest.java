package dev.sluice.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import dev.sluice.testing.TestTokens;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/**
 * tus uploads survive what breaks connections: a chunk cut off mid-way keeps the bytes that arrived and the client
 * resumes from there; a PATCH while another one writes the same upload is refused (409 with the offset) and never
 * corrupts it; of several PATCHes at the same offset at once exactly one is written.
 */
class TusResumeApiTest extends ApiTestSupport {

    private static final String CHUNK = "application/offset+octet-stream";

    @BeforeEach
    void largeBodies() {
        client = client.mutate()
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024))
                .build();
    }

    @Test
    void aChunkCutOffKeepsWhatArrivedAndTheClientResumesFromThere() throws Exception {
        byte[] bytes = randomBytes(3_000_000, 11);
        String path = create(bytes.length, "resumed.bin");
        int sent = 1_234_567;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(patchHead(path, 0, bytes.length));
            out.write(bytes, 0, sent);
            out.flush();
            Thread.sleep(300);
        }
        long offset = awaitOffset(path, found -> found > 0);
        assertThat(offset).isEqualTo(sent);

        patch(path, offset, Arrays.copyOfRange(bytes, (int) offset, bytes.length));

        client.get()
                .uri(files(folder + "resumed.bin"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"" + sha256Hex(bytes) + "\"")
                .expectBody(byte[].class)
                .isEqualTo(bytes);
    }

    @Test
    void aChunkCutOffWithAChecksumKeepsNothingOfIt() throws Exception {
        byte[] bytes = randomBytes(1_000_000, 12);
        String path = create(bytes.length, "checked.bin");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            String head = new String(patchHead(path, 0, bytes.length), StandardCharsets.US_ASCII);
            String withChecksum =
                    head.replace("\r\n\r\n", "\r\nUpload-Checksum: sha1 " + base64Sha1(bytes) + "\r\n\r\n");
            out.write(withChecksum.getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, 0, 400_000);
            out.flush();
            Thread.sleep(300);
        }
        // Once the cut PATCH has given its lease back, a new chunk from 0 is accepted: nothing of the cut one counted.
        awaitAccepted(path, bytes);
        client.get()
                .uri(files(folder + "checked.bin"))
                .exchange()
                .expectBody(byte[].class)
                .isEqualTo(bytes);
    }

    @Test
    void aPatchWhileAnotherOneWritesTheUploadIsRefusedWithTheOffset() throws Exception {
        byte[] bytes = randomBytes(2_000_000, 13);
        String path = create(bytes.length, "busy.bin");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(patchHead(path, 0, bytes.length));
            out.write(bytes, 0, 500_000);
            out.flush();
            Thread.sleep(500); // the first PATCH holds the lease now

            client.patch()
                    .uri(path)
                    .header("Tus-Resumable", "1.0.0")
                    .header("Upload-Offset", "0")
                    .header(HttpHeaders.CONTENT_TYPE, CHUNK)
                    .bodyValue(new byte[1000])
                    .exchange()
                    .expectStatus()
                    .isEqualTo(409)
                    .expectHeader()
                    .valueEquals("Upload-Offset", "0")
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("upload-busy");

            out.write(bytes, 500_000, bytes.length - 500_000);
            out.flush();
            String status = statusLine(socket.getInputStream());
            assertThat(status).isEqualTo("HTTP/1.1 204 No Content");
        }
        client.get()
                .uri(files(folder + "busy.bin"))
                .exchange()
                .expectBody(byte[].class)
                .isEqualTo(bytes);
    }

    @Test
    void ofSeveralPatchesAtTheSameOffsetAtOnceExactlyOneIsWritten() {
        byte[] bytes = randomBytes(600_000, 14);
        String path = create(bytes.length * 2L, "raced.bin");
        List<CompletableFuture<Integer>> racers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            racers.add(CompletableFuture.supplyAsync(() -> client.patch()
                    .uri(path)
                    .header("Tus-Resumable", "1.0.0")
                    .header("Upload-Offset", "0")
                    .header(HttpHeaders.CONTENT_TYPE, CHUNK)
                    .bodyValue(bytes)
                    .exchange()
                    .expectBody()
                    .returnResult()
                    .getStatus()
                    .value()));
        }
        List<Integer> statuses = racers.stream().map(CompletableFuture::join).toList();

        assertThat(statuses).containsOnly(204, 409);
        assertThat(statuses.stream().filter(status -> status == 204)).hasSize(1);
        assertThat(awaitOffset(path, found -> true)).isEqualTo(bytes.length);
        patch(path, bytes.length, bytes);
        byte[] twice = new byte[bytes.length * 2];
        System.arraycopy(bytes, 0, twice, 0, bytes.length);
        System.arraycopy(bytes, 0, twice, bytes.length, bytes.length);
        client.get()
                .uri(files(folder + "raced.bin"))
                .exchange()
                .expectBody(byte[].class)
                .isEqualTo(twice);
    }

    private String create(long length, String name) {
        String location = client.post()
                .uri("/api/v1/uploads")
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", Long.toString(length))
                .header("Upload-Metadata", "filename " + base64(name) + ",prefix " + base64(folder))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .isEmpty()
                .getResponseHeaders()
                .getFirst(HttpHeaders.LOCATION);
        return location.substring(location.indexOf("/api/v1/uploads"));
    }

    private void patch(String path, long offset, byte[] chunk) {
        client.patch()
                .uri(path)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", Long.toString(offset))
                .header(HttpHeaders.CONTENT_TYPE, CHUNK)
                .bodyValue(chunk)
                .exchange()
                .expectStatus()
                .isNoContent();
    }

    /** Retries a PATCH of the whole content from 0 while the cut one may still hold the lease (bounded). */
    private void awaitAccepted(String path, byte[] bytes) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            int status = client.patch()
                    .uri(path)
                    .header("Tus-Resumable", "1.0.0")
                    .header("Upload-Offset", "0")
                    .header(HttpHeaders.CONTENT_TYPE, CHUNK)
                    .bodyValue(bytes)
                    .exchange()
                    .expectBody()
                    .returnResult()
                    .getStatus()
                    .value();
            if (status == 204) {
                return;
            }
            assertThat(status).as("a busy upload, not another refusal").isEqualTo(409);
            assertThat(System.nanoTime())
                    .as("the cut PATCH gave its lease back")
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Polls HEAD (bounded) until the upload's lease is free and its offset passes {@code done}. */
    private long awaitOffset(String path, LongPredicate done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            long offset = Long.parseLong(client.head()
                    .uri(path)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult()
                    .getResponseHeaders()
                    .getFirst("Upload-Offset"));
            if (done.test(offset)) {
                return offset;
            }
            assertThat(System.nanoTime()).as("the offset moved").isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private byte[] patchHead(String path, long offset, long contentLength) {
        return ("PATCH " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: " + TestTokens.BEARER + "\r\n"
                        + "Tus-Resumable: 1.0.0\r\n"
                        + "Upload-Offset: " + offset + "\r\n"
                        + "Content-Type: " + CHUNK + "\r\n"
                        + "Content-Length: " + contentLength + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static String statusLine(InputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String base64Sha1(byte[] bytes) throws Exception {
        return Base64.getEncoder()
                .encodeToString(java.security.MessageDigest.getInstance("SHA-1").digest(bytes));
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
