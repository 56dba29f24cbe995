package dev.sluice.api;

import static dev.sluice.api.ApiAssertions.JSON_ARRAY;
import static dev.sluice.api.ApiAssertions.assertProblem;
import static dev.sluice.api.ApiAssertions.awaitZero;
import static dev.sluice.api.ApiAssertions.etagOf;
import static dev.sluice.api.ApiAssertions.sha256Hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code POST /api/v1/files}: several files in one multipart/form-data request, and the conflict policies. */
class MultipartApiTest extends ApiTestSupport {

    private static final String POST_PATH = "/api/v1/files";
    private static final byte[] ONE = "first file".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TWO = "second file, a little longer".getBytes(StandardCharsets.UTF_8);

    @Test
    void twoFilesAreStoredAndListedInUploadOrder() {
        MultipartBodyBuilder builder = new MultipartBodyBuilder();
        builder.part("file", ONE).filename("b.txt").contentType(MediaType.TEXT_PLAIN);
        builder.part("file", TWO).filename("a.json").contentType(MediaType.APPLICATION_JSON);

        List<Map<String, Object>> stored = client.post()
                .uri(uri(POST_PATH + "?prefix=" + folder))
                .bodyValue(builder.build())
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .contentType(MediaType.APPLICATION_JSON)
                .expectBody(JSON_ARRAY)
                .returnResult()
                .getResponseBody();

        assertThat(stored).hasSize(2);
        assertFileInfo(stored.get(0), "b.txt", ONE, "text/plain");
        assertFileInfo(stored.get(1), "a.json", TWO, "application/json");
        assertContent(folder + "b.txt", ONE);
        assertContent(folder + "a.json", TWO);
    }

    @Test
    void renameIsTheDefaultAndNumbersBeforeTheExtension() {
        assertThat(keysOf(post("", new RawMultipart().file("a.txt", ONE)))).containsExactly(folder + "a.txt");
        assertThat(keysOf(post("", new RawMultipart().file("a.txt", TWO).file("a.txt", ONE))))
                .containsExactly(folder + "a (1).txt", folder + "a (2).txt");
        assertThat(keysOf(post("", new RawMultipart().file("a.tar.gz", ONE).file("a.tar.gz", TWO))))
                .containsExactly(folder + "a.tar.gz", folder + "a (1).tar.gz");
        assertContent(folder + "a.txt", ONE);
        assertContent(folder + "a (1).txt", TWO);
        assertContent(folder + "a (1).tar.gz", TWO);
    }

    @Test
    void replaceOverwritesTheExistingObject() {
        put(folder + "a.txt", ONE);
        List<Map<String, Object>> stored = post("&conflict=replace", new RawMultipart().file("a.txt", TWO))
                .expectStatus()
                .isCreated()
                .expectBody(JSON_ARRAY)
                .returnResult()
                .getResponseBody();
        assertThat(stored).hasSize(1);
        assertFileInfo(stored.get(0), "a.txt", TWO, "text/plain");
        assertContent(folder + "a.txt", TWO);
    }

    @Test
    void failRefusesTheFirstTakenKeyAndListsTheFilesStoredBeforeIt() {
        put(folder + "existing.txt", ONE);
        RawMultipart body = new RawMultipart()
                .file("new.txt", TWO)
                .file("existing.txt", TWO)
                .file("later.txt", TWO);

        Map<String, Object> problem = assertProblem(
                        post("&conflict=fail", body), HttpStatus.CONFLICT, "conflict", POST_PATH)
                .getResponseBody();

        assertThat(problem.get("stored")).asList().hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) ((List<?>) problem.get("stored")).get(0);
        assertFileInfo(first, "new.txt", TWO, "text/plain");
        assertContent(folder + "new.txt", TWO);
        assertContent(folder + "existing.txt", ONE);
        assertNotFound(folder + "later.txt");
    }

    @Test
    void unknownConflictPolicyIsRefused() {
        assertProblem(
                post("&conflict=bogus", new RawMultipart().file("a.txt", ONE)),
                HttpStatus.BAD_REQUEST,
                "invalid-request",
                POST_PATH);
        assertNotFound(folder + "a.txt");
    }

    @Test
    void partNamedOtherThanFileIsRefused() {
        RawMultipart body =
                new RawMultipart().part("form-data; name=\"upload\"; filename=\"a.txt\"", "text/plain", ONE);
        assertProblem(post("", body), HttpStatus.BAD_REQUEST, "invalid-request", POST_PATH);
        assertNotFound(folder + "a.txt");
    }

    @Test
    void filePartWithoutFilenameIsRefused() {
        RawMultipart body = new RawMultipart().part("form-data; name=\"file\"", "text/plain", ONE);
        assertProblem(post("", body), HttpStatus.BAD_REQUEST, "invalid-request", POST_PATH);
        awaitZero(ApiTestSupport::stagingFiles, Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "../../etc/x.txt|x.txt",
                "dir/sub/y.txt|y.txt",
                "a\\b\\c.txt|c.txt",
                "a\\\\b\\\\c.txt|c.txt",
                "C:\\Users\\me\\c.txt|c.txt"
            })
    void filenameWithAPathIsStoredUnderItsLastSegment(String filename, String name) {
        List<Map<String, Object>> stored = post("", new RawMultipart().file(filename, ONE))
                .expectStatus()
                .isCreated()
                .expectBody(JSON_ARRAY)
                .returnResult()
                .getResponseBody();
        assertThat(stored).hasSize(1);
        assertFileInfo(stored.get(0), name, ONE, "text/plain");
        assertContent(folder + name, ONE);
    }

    @Test
    void prefixNotEndingInSlashIsRefused() {
        String prefix = folder.substring(0, folder.length() - 1);
        assertProblem(
                client.post()
                        .uri(uri(POST_PATH + "?prefix=" + prefix))
                        .contentType(RawMultipart.CONTENT_TYPE)
                        .bodyValue(new RawMultipart().file("a.txt", ONE).build())
                        .exchange(),
                HttpStatus.BAD_REQUEST,
                "invalid-key",
                POST_PATH);
        assertNotFound(prefix + "a.txt");
    }

    @Test
    void morePartsThanTheLimitAreRefused() {
        RawMultipart body = new RawMultipart();
        for (int i = 0; i <= MAX_PARTS; i++) {
            body.file("f" + i + ".txt", ONE);
        }
        Map<String, Object> problem = assertProblem(
                        post("", body), HttpStatus.CONTENT_TOO_LARGE, "too-many-parts", POST_PATH)
                .getResponseBody();
        // Files are stored as they stream in: the ones before the refused part stay and are listed.
        assertThat(problem.get("stored")).asList().hasSize(MAX_PARTS);
        assertNotFound(folder + "f" + MAX_PARTS + ".txt");
    }

    @Test
    void nonMultipartContentTypeIsRefused() {
        assertProblem(
                client.post()
                        .uri(uri(POST_PATH + "?prefix=" + folder))
                        .contentType(MediaType.TEXT_PLAIN)
                        .bodyValue(ONE)
                        .exchange(),
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                POST_PATH);
    }

    @Test
    void multipartWithoutBoundaryIsRefused() {
        assertProblem(
                client.post()
                        .uri(uri(POST_PATH + "?prefix=" + folder))
                        .header(HttpHeaders.CONTENT_TYPE, "multipart/form-data")
                        .bodyValue(new RawMultipart().file("a.txt", ONE).build())
                        .exchange(),
                HttpStatus.BAD_REQUEST,
                "invalid-request",
                POST_PATH);
        assertNotFound(folder + "a.txt");
    }

    @Test
    void fileOverTheSizeLimitIsRefusedAndNothingIsStored() {
        RawMultipart body = new RawMultipart().file("big.bin", new byte[MAX_FILE_SIZE + 1]);
        assertProblem(post("", body), HttpStatus.CONTENT_TOO_LARGE, "too-large", POST_PATH);
        assertNotFound(folder + "big.bin");
        awaitZero(ApiTestSupport::stagingFiles, Duration.ofSeconds(1));
    }

    @Test
    void contentEncodingIsRefused() {
        assertProblem(
                client.post()
                        .uri(uri(POST_PATH + "?prefix=" + folder))
                        .contentType(RawMultipart.CONTENT_TYPE)
                        .header(HttpHeaders.CONTENT_ENCODING, "gzip")
                        .bodyValue(new RawMultipart().file("a.txt", ONE).build())
                        .exchange(),
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported-encoding",
                POST_PATH);
        assertNotFound(folder + "a.txt");
    }

    @Test
    void truncatedBodyIsRefusedAndLeavesNoTrace() {
        byte[] truncated =
                new RawMultipart().file("cut.txt", new byte[64 * 1024]).truncated();
        assertProblem(
                client.post()
                        .uri(uri(POST_PATH + "?prefix=" + folder))
                        .contentType(RawMultipart.CONTENT_TYPE)
                        .bodyValue(truncated)
                        .exchange(),
                HttpStatus.BAD_REQUEST,
                "invalid-request",
                POST_PATH);
        assertNotFound(folder + "cut.txt");
        awaitZero(ApiTestSupport::stagingFiles, Duration.ofSeconds(1));
    }

    private WebTestClient.ResponseSpec post(String query, RawMultipart body) {
        return client.post()
                .uri(uri(POST_PATH + "?prefix=" + folder + query))
                .contentType(RawMultipart.CONTENT_TYPE)
                .bodyValue(body.build())
                .exchange();
    }

    private List<Object> keysOf(WebTestClient.ResponseSpec response) {
        return response.expectStatus().isCreated().expectBody(JSON_ARRAY).returnResult().getResponseBody().stream()
                .map(info -> info.get("key"))
                .toList();
    }

    /** A FileInfo as API.md shows it: exactly its seven members, lastModified in whole seconds. */
    private void assertFileInfo(Map<String, Object> info, String name, byte[] content, String contentType) {
        assertThat(info)
                .containsOnlyKeys("key", "name", "size", "contentType", "etag", "sha256", "lastModified")
                .containsEntry("key", folder + name)
                .containsEntry("name", name)
                .containsEntry("size", content.length)
                .containsEntry("contentType", contentType)
                .containsEntry("etag", etagOf(content))
                .containsEntry("sha256", sha256Hex(content));
        assertThat(info.get("lastModified")).asString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }

    private void assertContent(String rawKey, byte[] expected) {
        client.get()
                .uri(files(rawKey.replace(" ", "%20")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .isEqualTo(expected);
    }

    private void assertNotFound(String rawKey) {
        assertProblem(
                client.get().uri(files(rawKey)).exchange(),
                HttpStatus.NOT_FOUND,
                "not-found",
                "/api/v1/files/" + rawKey);
    }
}
