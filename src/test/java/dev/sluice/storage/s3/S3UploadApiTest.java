package dev.sluice.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.S3TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Uploads through the HTTP API on the S3 backend that are too large for the shared API tests (whose 4 MiB limit
 * stays below one 5 MiB part): they stage as multipart uploads and, above the lowered copy threshold of 6 MiB, are
 * published by a multipart copy. Clients that hang up mid-body leave no multipart upload open and no staging
 * object. Its own context on purpose: the limits and the copy threshold are start-up configuration.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class S3UploadApiTest {

    private static final String PREFIX = "cut/";
    private static final String BUCKET = S3TestServer.get().newBucket(true);
    private static final int MIB = 1 << 20;

    @LocalServerPort
    int port;

    @Autowired
    WebTestClient client;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        registry.add("sluice.security.enabled", () -> "false");
        registry.add("sluice.storage.type", () -> "s3");
        registry.add(
                "sluice.storage.s3.endpoint",
                () -> S3TestServer.get().endpoint().toString());
        registry.add("sluice.storage.s3.bucket", () -> BUCKET);
        registry.add("sluice.storage.s3.access-key", () -> S3TestServer.get().accessKey());
        registry.add("sluice.storage.s3.secret-key", () -> S3TestServer.get().secretKey());
        registry.add("sluice.storage.s3.key-prefix", () -> PREFIX);
        registry.add("sluice.storage.s3.part-size", () -> "5MB");
        registry.add("sluice.storage.s3.copy-threshold", () -> "6MB");
        registry.add("sluice.storage.s3.copy-part-size", () -> "5MB");
        registry.add("sluice.upload.max-file-size", () -> "64MB");
    }

    /**
     * A raw PUT knows its key before its body: its parts go straight into a multipart upload at that key, which the
     * publish completes (no staging copy), and its SHA-256 is kept in a digest record for that version.
     */
    @Test
    void aTwelveMebibytePutGoesStraightToItsKeyInPartsAndKeepsItsDigest() throws Exception {
        byte[] content = random(12 * MIB, 1);
        WebTestClient large = client.mutate()
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * MIB))
                .build();
        client.put()
                .uri("/api/v1/files/big/twelve.bin")
                .bodyValue(content)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.sha256")
                .isEqualTo(sha256(content));

        assertThat(large.get()
                        .uri("/api/v1/files/big/twelve.bin")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectHeader()
                        .valueEquals("ETag", "\"" + sha256(content) + "\"")
                        .expectBody(byte[].class)
                        .returnResult()
                        .getResponseBody())
                .isEqualTo(content);
        assertThat(s3ETag("big/twelve.bin")).as("a multipart upload's ETag").endsWith("-3\"");
        assertThat(S3TestServer.get().keys(BUCKET, PREFIX + ".sluice/digests/")).hasSize(1);
        assertThat(leftovers()).isEmpty();

        // Create-only on a taken key: refused, the open upload aborted, the object unchanged.
        client.put()
                .uri("/api/v1/files/big/twelve.bin")
                .header("If-None-Match", "*")
                .bodyValue(random(12 * MIB, 7))
                .exchange()
                .expectStatus()
                .isEqualTo(412);
        assertThat(leftovers()).isEmpty();
        // Replace-only with the current ETag: the new version, with its own digest.
        byte[] second = random(11 * MIB, 8);
        client.put()
                .uri("/api/v1/files/big/twelve.bin")
                .header("If-Match", "\"" + sha256(content) + "\"")
                .bodyValue(second)
                .exchange()
                .expectStatus()
                .isOk();
        client.get()
                .uri("/api/v1/metadata/big/twelve.bin")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.sha256")
                .isEqualTo(sha256(second));
        assertThat(leftovers()).isEmpty();
    }

    /**
     * An upload in parts keeps its digests (SHA-256 and CRC-32) in the digest record; a copy (one CopyObject here) and
     * a move carry them into the new object's metadata, so a ZIP of their folder is laid out: a strong ETag and
     * ranges.
     */
    @Test
    void anUploadInPartsKeepsItsDigestsThroughACopyAndAMoveAndItsFolderZipIsResumable() throws Exception {
        byte[] content = random(5 * MIB + 4096, 11);
        int records =
                S3TestServer.get().keys(BUCKET, PREFIX + ".sluice/digests/").size();
        client.put()
                .uri("/api/v1/files/zipped/large.bin")
                .bodyValue(content)
                .exchange()
                .expectStatus()
                .isCreated();
        assertThat(s3ETag("zipped/large.bin")).as("a multipart upload's ETag").endsWith("-2\"");

        transfer("/api/v1/copy", "zipped/large.bin", "zipped/copy.bin");
        transfer("/api/v1/move", "zipped/large.bin", "zipped/moved.bin");
        client.get()
                .uri("/api/v1/files/zipped/large.bin")
                .exchange()
                .expectStatus()
                .isNotFound();
        for (String key : List.of("zipped/copy.bin", "zipped/moved.bin")) {
            client.get()
                    .uri("/api/v1/metadata/" + key)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.sha256")
                    .isEqualTo(sha256(content));
        }
        // A second upload in parts stays with its record: the ZIP needs its CRC-32 from there.
        client.put()
                .uri("/api/v1/files/zipped/second.bin")
                .bodyValue(random(5 * MIB + 100, 12))
                .exchange()
                .expectStatus()
                .isCreated();

        String etag = client.get()
                .uri("/api/v1/zip/zipped")
                .header("Range", "bytes=10-19")
                .exchange()
                .expectStatus()
                .isEqualTo(206)
                .expectBody(byte[].class)
                .value(body -> assertThat(body).hasSize(10))
                .returnResult()
                .getResponseHeaders()
                .getETag();
        assertThat(etag).startsWith("\"zip-");

        // A move and a delete take their source's record with them; the copy never had one.
        client.delete()
                .uri("/api/v1/files/zipped/second.bin")
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(S3TestServer.get().keys(BUCKET, PREFIX + ".sluice/digests/")).hasSize(records);
    }

    private void transfer(String route, String from, String to) {
        client.post()
                .uri(route)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue("{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}")
                .exchange()
                .expectStatus()
                .isOk();
    }

    /** A multipart form may rename its file, so it is staged and published by a copy: in three part copies here. */
    @Test
    void aTwelveMebibyteFormFileIsStagedAndPublishedByPartCopies() throws Exception {
        byte[] content = random(12 * MIB, 3);
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("file", content).filename("copied.bin");
        client.post()
                .uri("/api/v1/files?prefix=big/")
                .bodyValue(form.build())
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$[0].sha256")
                .isEqualTo(sha256(content));

        assertThat(client.mutate()
                        .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * MIB))
                        .build()
                        .get()
                        .uri("/api/v1/files/big/copied.bin")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(byte[].class)
                        .returnResult()
                        .getResponseBody())
                .isEqualTo(content);
        assertThat(s3ETag("big/copied.bin")).as("a multipart copy's ETag").endsWith("-3\"");
        assertThat(leftovers()).isEmpty();
    }

    private static String s3ETag(String key) {
        return S3TestServer.get()
                .client()
                .headObject(request -> request.bucket(BUCKET).key(PREFIX + key))
                .join()
                .eTag();
    }

    /** 7 MiB of a 12 MiB body: the first part is in the bucket as part of an open multipart upload when it hangs up. */
    @Test
    void aRawPutCutAfterItsFirstPartLeavesNoMultipartUploadAndKeepsThePreviousVersion() throws Exception {
        byte[] previous = "previous version".getBytes(StandardCharsets.UTF_8);
        client.put()
                .uri("/api/v1/files/kept.bin")
                .bodyValue(previous)
                .exchange()
                .expectStatus()
                .isCreated();

        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /api/v1/files/kept.bin HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + 12 * MIB
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(random(7 * MIB, 2));
            out.flush();
            await(() -> !S3TestServer.get().openMultipartUploads(BUCKET).isEmpty(), "a multipart upload to open");
        }

        await(() -> leftovers().isEmpty(), "no multipart upload and no staging object after the disconnect");
        assertThat(client.get()
                        .uri("/api/v1/files/kept.bin")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(byte[].class)
                        .returnResult()
                        .getResponseBody())
                .isEqualTo(previous);
    }

    @Test
    void aMultipartFormCutInItsSecondFileKeepsTheFirstAndLeavesNoMultipartUpload() throws Exception {
        String boundary = "cut-boundary";
        String first = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"one.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        String second = "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
                + "filename=\"two.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        byte[] one = random(6 * MIB, 3);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/files?prefix=form/ HTTP/1.1\r\nHost: localhost\r\n"
                            + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            chunk(out, first.getBytes(StandardCharsets.US_ASCII));
            chunk(out, one);
            chunk(out, second.getBytes(StandardCharsets.US_ASCII));
            chunk(out, random(6 * MIB, 4));
            out.flush();
            // Files are stored one after another: once one.bin is published, an upload open under .sluice/ is
            // the second file's.
            await(
                    () -> !S3TestServer.get()
                                    .keys(BUCKET, PREFIX + "form/one.bin")
                                    .isEmpty()
                            && S3TestServer.get().openMultipartUploads(BUCKET).stream()
                                    .anyMatch(key -> key.startsWith(PREFIX + ".sluice/staging/")),
                    "the second file's multipart upload");
        }

        await(() -> leftovers().isEmpty(), "no multipart upload and no staging object after the disconnect");
        client.get().uri("/api/v1/files/form/two.bin").exchange().expectStatus().isNotFound();
        client.get()
                .uri("/api/v1/metadata/form/one.bin")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.sha256")
                .isEqualTo(sha256(one));
    }

    private static List<String> leftovers() {
        return S3TestServer.get().uploadLeftovers(BUCKET, PREFIX);
    }

    private static void chunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 10 s for " + what + "; left in the bucket: " + leftovers());
            }
            Thread.sleep(50);
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
