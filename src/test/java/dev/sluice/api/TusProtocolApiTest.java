package dev.sluice.api;

import static dev.sluice.api.TusSupport.CHUNK;
import static dev.sluice.api.TusSupport.UPLOADS;
import static dev.sluice.api.TusSupport.base64Digest;
import static dev.sluice.api.TusSupport.create;
import static dev.sluice.api.TusSupport.metadata;
import static dev.sluice.api.TusSupport.offset;
import static dev.sluice.api.TusSupport.patch;
import static dev.sluice.api.TusSupport.randomBytes;
import static dev.sluice.api.TusSupport.sha256Hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import dev.sluice.testing.TestTokens;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * tus 1.0.0 on {@code /api/v1/uploads}, black-box against the real server: the protocol's header and status rules,
 * its extensions (creation, creation-with-upload, creation-defer-length, termination, expiration, checksum,
 * concatenation), the reference Java client, and what a finished upload becomes (an object like a PUT's).
 */
class TusProtocolApiTest extends ApiTestSupport {

    @org.junit.jupiter.api.BeforeEach
    void largeBodies() {
        client = client.mutate()
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024))
                .build();
    }

    @Test
    void optionsAdvertiseTheVersionExtensionsMaxSizeAndChecksums() {
        client.options()
                .uri(UPLOADS)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("Tus-Resumable", "1.0.0")
                .expectHeader()
                .valueEquals("Tus-Version", "1.0.0")
                .expectHeader()
                .valueEquals(
                        "Tus-Extension",
                        "creation,creation-with-upload,creation-defer-length,termination,expiration,checksum,"
                                + "concatenation")
                .expectHeader()
                .valueEquals("Tus-Max-Size", Integer.toString(MAX_FILE_SIZE))
                .expectHeader()
                .valueEquals("Tus-Checksum-Algorithm", "sha1,sha256,md5");
    }

    @Test
    void theTusJavaClientUploadsInChunksAndTheFileIsStoredAsAPutWouldStoreIt() throws Exception {
        byte[] bytes = randomBytes(3 * 1024 * 1024 + 123, 1);
        TusClient tus = new TusClient();
        tus.setUploadCreationURL(new URL("http://127.0.0.1:" + port + UPLOADS));
        tus.setHeaders(Map.of("Authorization", TestTokens.BEARER));
        tus.enableResuming(new TusURLMemoryStore());
        TusUpload upload = new TusUpload();
        upload.setInputStream(new ByteArrayInputStream(bytes));
        upload.setSize(bytes.length);
        upload.setFingerprint(folder + "java-client.bin");
        upload.setMetadata(Map.of("filename", "java-client.bin", "prefix", folder, "filetype", "application/x-test"));

        TusUploader uploader = tus.resumeOrCreateUpload(upload);
        uploader.setChunkSize(256 * 1024);
        uploader.setRequestPayloadSize(1024 * 1024);
        int chunks = 0;
        while (uploader.uploadChunk() > -1) {
            chunks++;
        }
        uploader.finish();

        assertThat(chunks).isGreaterThan(3);
        assertThat(uploader.getOffset()).isEqualTo(bytes.length);
        String path = uploader.getUploadURL().getPath();
        client.head()
                .uri(path)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("Upload-Offset", Integer.toString(bytes.length))
                .expectHeader()
                .valueEquals("Sluice-Key", folder + "java-client.bin")
                .expectHeader()
                .valueEquals(HttpHeaders.CONTENT_LOCATION, "/api/v1/files/" + folder + "java-client.bin");
        client.get()
                .uri(files(folder + "java-client.bin"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("application/x-test")
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"" + sha256Hex(bytes) + "\"")
                .expectBody(byte[].class)
                .isEqualTo(bytes);
    }

    @Test
    void creationAnswersTheUploadUrlAndItsExpiryAndHeadTellsTheState() {
        String meta = metadata("filename", "state.txt", "prefix", folder);
        HttpHeaders created = client.post()
                .uri(UPLOADS)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "10")
                .header("Upload-Metadata", meta)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueEquals("Tus-Resumable", "1.0.0")
                .expectBody()
                .isEmpty()
                .getResponseHeaders();
        assertThat(created.getFirst(HttpHeaders.LOCATION)).matches("http://[^/]+/api/v1/uploads/[0-9a-f]{32}");
        ZonedDateTime expires =
                ZonedDateTime.parse(created.getFirst("Upload-Expires"), DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(expires).isAfter(ZonedDateTime.now().plusHours(23));
        String path = created.getFirst(HttpHeaders.LOCATION).replaceFirst("http://[^/]+", "");

        client.head()
                .uri(path)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("Upload-Offset", "0")
                .expectHeader()
                .valueEquals("Upload-Length", "10")
                .expectHeader()
                .valueEquals("Upload-Metadata", meta)
                .expectHeader()
                .valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
                .expectHeader()
                .exists("Upload-Expires");
        HttpHeaders first = patch(client, path, 0, "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(first.getFirst("Upload-Offset")).isEqualTo("5");
        assertThat(first.getFirst("Upload-Expires")).isNotNull();
        assertThat(first.getFirst("Sluice-Key")).isNull();
        HttpHeaders last = patch(client, path, 5, "world".getBytes(StandardCharsets.UTF_8));
        assertThat(last.getFirst("Upload-Offset")).isEqualTo("10");
        assertThat(last.getFirst("Sluice-Key")).isEqualTo(folder + "state.txt");
        client.get()
                .uri(files(folder + "state.txt"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("text/plain")
                .expectBody(String.class)
                .isEqualTo("helloworld");
    }

    @Test
    void requestsBreakingTheProtocolAreRefusedWithItsStatusCodes() {
        String meta = metadata("filename", "rules.bin", "prefix", folder);
        // No Tus-Resumable: 412 with the versions this server speaks.
        client.post()
                .uri(UPLOADS)
                .header("Upload-Length", "10")
                .header("Upload-Metadata", meta)
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.PRECONDITION_FAILED)
                .expectHeader()
                .valueEquals("Tus-Version", "1.0.0")
                .expectHeader()
                .valueEquals("Tus-Resumable", "1.0.0")
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("tus-version");
        creation(Map.of("Upload-Metadata", meta)).isBadRequest();
        creation(Map.of("Upload-Length", "10", "Upload-Defer-Length", "1", "Upload-Metadata", meta))
                .isBadRequest();
        creation(Map.of("Upload-Length", "-1", "Upload-Metadata", meta)).isBadRequest();
        creation(Map.of("Upload-Length", "10", "Upload-Metadata", metadata("prefix", folder)))
                .isBadRequest();
        creation(Map.of("Upload-Length", "10", "Upload-Metadata", "filename not-base64!"))
                .isBadRequest();
        creation(Map.of("Upload-Length", Long.toString(MAX_FILE_SIZE + 1L), "Upload-Metadata", meta))
                .isEqualTo(413);
        creation(Map.of("Upload-Length", "10", "Upload-Metadata", metadata("filename", "a.bin", "prefix", "../")))
                .isBadRequest();

        String path = create(client, 10, meta);
        client.patch()
                .uri(path)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(new byte[3])
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        client.patch()
                .uri(path)
                .header("Tus-Resumable", "1.0.0")
                .header(HttpHeaders.CONTENT_TYPE, CHUNK)
                .bodyValue(new byte[3])
                .exchange()
                .expectStatus()
                .isBadRequest();
        client.patch()
                .uri(path)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "4")
                .header(HttpHeaders.CONTENT_TYPE, CHUNK)
                .bodyValue(new byte[3])
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectHeader()
                .valueEquals("Upload-Offset", "0")
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("offset-mismatch");
        client.patch()
                .uri(path)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0")
                .header(HttpHeaders.CONTENT_TYPE, CHUNK)
                .bodyValue(new byte[11])
                .exchange()
                .expectStatus()
                .isEqualTo(413);
        assertThat(offset(client, path)).isZero();
        client.head()
                .uri(UPLOADS + "/0123456789abcdef0123456789abcdef")
                .exchange()
                .expectStatus()
                .isNotFound();
        terminate(path);
    }

    @Test
    void creationWithUploadTakesTheFirstChunkAndDeferredLengthIsDeclaredLater() {
        String path = locationOf(client.post()
                .uri(UPLOADS)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Defer-Length", "1")
                .header("Upload-Metadata", metadata("filename", "deferred.txt", "prefix", folder))
                .header(HttpHeaders.CONTENT_TYPE, CHUNK)
                .bodyValue("first,".getBytes(StandardCharsets.UTF_8))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueEquals("Upload-Offset", "6")
                .expectBody()
                .isEmpty()
                .getResponseHeaders());
        client.head()
                .uri(path)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("Upload-Defer-Length", "1")
                .expectHeader()
                .doesNotExist("Upload-Length");

        client.patch()
                .uri(path)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "6")
                .header("Upload-Length", "12")
                .header(HttpHeaders.CONTENT_TYPE, CHUNK)
                .bodyValue("second".getBytes(StandardCharsets.UTF_8))
                .exchange()
                .expectStatus()
                .isNoContent()
                .expectHeader()
                .valueEquals("Upload-Offset", "12")
                .expectHeader()
                .valueEquals("Sluice-Key", folder + "deferred.txt");
        client.get()
                .uri(files(folder + "deferred.txt"))
                .exchange()
                .expectBody(String.class)
                .isEqualTo("first,second");
    }

    @Test
    void aChunkThatDoesNotMatchItsChecksumIsDiscardedWith460() {
        String path = create(client, 8, metadata("filename", "checked.bin", "prefix", folder));
        byte[] first = "abcd".getBytes(StandardCharsets.UTF_8);
        for (String algorithm : List.of("sha1", "sha256", "md5")) {
            String javaName =
                    Map.of("sha1", "SHA-1", "sha256", "SHA-256", "md5", "MD5").get(algorithm);
            client.patch()
                    .uri(path)
                    .header("Tus-Resumable", "1.0.0")
                    .header("Upload-Offset", "0")
                    .header("Upload-Checksum", algorithm + " " + base64Digest(javaName, "abce".getBytes()))
                    .header(HttpHeaders.CONTENT_TYPE, CHUNK)
                    .bodyValue(first)
                    .exchange()
                    .expectStatus()
                    .isEqualTo(460)
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("checksum-mismatch");
            assertThat(offset(client, path)).isZero();
        }
        client.patch()
                .uri(path)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0")
                .header("Upload-Checksum", "crc32 AAAAAA==")
                .header(HttpHeaders.CONTENT_TYPE, CHUNK)
                .bodyValue(first)
                .exchange()
                .expectStatus()
                .isBadRequest();
        client.patch()
                .uri(path)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0")
                .header("Upload-Checksum", "sha1 " + base64Digest("SHA-1", first))
                .header(HttpHeaders.CONTENT_TYPE, CHUNK)
                .bodyValue(first)
                .exchange()
                .expectStatus()
                .isNoContent()
                .expectHeader()
                .valueEquals("Upload-Offset", "4");
        patch(client, path, 4, "efgh".getBytes(StandardCharsets.UTF_8));
        client.get()
                .uri(files(folder + "checked.bin"))
                .exchange()
                .expectBody(String.class)
                .isEqualTo("abcdefgh");
    }

    @Test
    void partialUploadsSentInParallelAreJoinedByAFinalUpload() {
        byte[] whole = randomBytes(1_500_000, 7);
        int parts = 3;
        List<String> paths = new ArrayList<>();
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            byte[] piece = Arrays.copyOfRange(whole, i * whole.length / parts, (i + 1) * whole.length / parts);
            String path = locationOf(client.post()
                    .uri(UPLOADS)
                    .header("Tus-Resumable", "1.0.0")
                    .header("Upload-Length", Integer.toString(piece.length))
                    .header("Upload-Concat", "partial")
                    .exchange()
                    .expectStatus()
                    .isCreated()
                    .expectBody()
                    .isEmpty()
                    .getResponseHeaders());
            paths.add(path);
            sends.add(CompletableFuture.runAsync(() -> patch(client, path, 0, piece)));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        client.head().uri(paths.get(0)).exchange().expectHeader().valueEquals("Upload-Concat", "partial");

        String urls = String.join(
                " ", paths.stream().map(p -> "http://localhost:" + port + p).toList());
        HttpHeaders joined = client.post()
                .uri(UPLOADS)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Concat", "final;" + urls)
                .header("Upload-Metadata", metadata("filename", "joined.bin", "prefix", folder))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .isEmpty()
                .getResponseHeaders();
        String finalPath = locationOf(joined);
        client.head()
                .uri(finalPath)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("Upload-Offset", Integer.toString(whole.length))
                .expectHeader()
                .valueEquals("Upload-Length", Integer.toString(whole.length))
                .expectHeader()
                .valueMatches(
                        "Upload-Concat",
                        "final;/api/v1/uploads/[0-9a-f]{32} /api/v1/uploads/[0-9a-f]{32} /api/v1/uploads/[0-9a-f]{32}")
                .expectHeader()
                .valueEquals("Sluice-Key", folder + "joined.bin");
        client.get()
                .uri(files(folder + "joined.bin"))
                .exchange()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"" + sha256Hex(whole) + "\"")
                .expectBody(byte[].class)
                .isEqualTo(whole);
        client.patch()
                .uri(finalPath)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", Integer.toString(whole.length))
                .header(HttpHeaders.CONTENT_TYPE, CHUNK)
                .bodyValue(new byte[1])
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("final-upload");
        paths.forEach(this::terminate);
        terminate(finalPath);
    }

    @Test
    void aFinalUploadOfAnUnfinishedPartialIsRefused() {
        String partial = locationOf(client.post()
                .uri(UPLOADS)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "5")
                .header("Upload-Concat", "partial")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .isEmpty()
                .getResponseHeaders());
        client.post()
                .uri(UPLOADS)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Concat", "final;" + partial)
                .header("Upload-Metadata", metadata("filename", "never.bin", "prefix", folder))
                .exchange()
                .expectStatus()
                .isBadRequest();
        terminate(partial);
    }

    @Test
    void terminationRemovesTheUploadAndAnotherCallerCannotSeeIt() {
        String path = create(client, 100, metadata("filename", "mine.bin", "prefix", folder));
        patch(client, path, 0, new byte[40]);
        String otherCaller = "Basic "
                + Base64.getEncoder()
                        .encodeToString((TestTokens.HOME_USER + ":" + TestTokens.HOME_PASSWORD)
                                .getBytes(StandardCharsets.UTF_8));
        client.head()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, otherCaller)
                .exchange()
                .expectStatus()
                .isNotFound();
        client.patch()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, otherCaller)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "40")
                .header(HttpHeaders.CONTENT_TYPE, CHUNK)
                .bodyValue(new byte[10])
                .exchange()
                .expectStatus()
                .isNotFound();
        client.post()
                .uri(UPLOADS)
                .header(HttpHeaders.AUTHORIZATION, otherCaller)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "10")
                .header("Upload-Metadata", metadata("filename", "outside.bin", "prefix", folder))
                .exchange()
                .expectStatus()
                .isForbidden();

        client.delete()
                .uri(path)
                .header("Tus-Resumable", "1.0.0")
                .exchange()
                .expectStatus()
                .isNoContent();
        client.head().uri(path).exchange().expectStatus().isNotFound();
        client.get().uri(files(folder + "mine.bin")).exchange().expectStatus().isNotFound();
    }

    @Test
    void conflictRenameMayChangeTheNameAndTheLastResponseTellsIt() {
        put(folder + "report.pdf", new byte[] {1});
        String renamed = create(client, 3, metadata("filename", "report.pdf", "prefix", folder));
        assertThat(patch(client, renamed, 0, new byte[] {1, 2, 3}).getFirst("Sluice-Key"))
                .isEqualTo(folder + "report%20(1).pdf");
        client.post()
                .uri(UPLOADS)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "3")
                .header("Upload-Metadata", metadata("filename", "report.pdf", "prefix", folder, "conflict", "fail"))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT);
        String replaced =
                create(client, 2, metadata("filename", "report.pdf", "prefix", folder, "conflict", "replace"));
        assertThat(patch(client, replaced, 0, new byte[] {9, 9}).getFirst("Sluice-Key"))
                .isEqualTo(folder + "report.pdf");
        client.get()
                .uri(files(folder + "report.pdf"))
                .exchange()
                .expectBody(byte[].class)
                .isEqualTo(new byte[] {9, 9});
    }

    @Test
    void anEmptyUploadIsStoredAtCreation() {
        HttpHeaders created = client.post()
                .uri(UPLOADS)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "0")
                .header("Upload-Metadata", metadata("filename", "empty.txt", "prefix", folder))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .isEmpty()
                .getResponseHeaders();
        assertThat(created.getFirst("Sluice-Key")).isEqualTo(folder + "empty.txt");
        client.get()
                .uri(files(folder + "empty.txt"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .isEmpty();
    }

    private org.springframework.test.web.reactive.server.StatusAssertions creation(Map<String, String> headers) {
        return client.post()
                .uri(UPLOADS)
                .headers(h -> {
                    h.set("Tus-Resumable", "1.0.0");
                    headers.forEach(h::set);
                })
                .exchange()
                .expectStatus();
    }

    private void terminate(String path) {
        client.delete()
                .uri(path)
                .header("Tus-Resumable", "1.0.0")
                .exchange()
                .expectStatus()
                .isNoContent();
    }

    private static String locationOf(HttpHeaders headers) {
        String location = headers.getFirst(HttpHeaders.LOCATION);
        assertThat(location).isNotNull();
        return location.substring(location.indexOf(UPLOADS));
    }
}
