package dev.sluice.api;

import static dev.sluice.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.files.FileListing;
import dev.sluice.testing.ApiTestSupport;
import dev.sluice.web.FileInfo;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code POST /api/v1/move} and {@code /api/v1/copy}: files and folders, conflicts, preconditions, bad input. */
class MoveApiTest extends ApiTestSupport {

    @Test
    void aMovedFileKeepsItsDigestAndLeavesItsKey() {
        String etag = put(folder + "a.txt", bytes("hello"));

        FileInfo moved = expectOk(post("/api/v1/move", folder + "a.txt", folder + "sub/b.txt", null))
                .expectHeader()
                .valueEquals("Location", "/api/v1/files/" + folder + "sub/b.txt")
                .expectHeader()
                .valueEquals("ETag", etag)
                .expectBody(FileInfo.class)
                .returnResult()
                .getResponseBody();

        assertThat(moved.key()).isEqualTo(folder + "sub/b.txt");
        assertThat(moved.etag()).isEqualTo(etag);
        assertThat(moved.size()).isEqualTo(5);
        assertThat(moved.contentType()).isEqualTo("text/plain");
        assertThat(content(folder + "sub/b.txt")).isEqualTo("hello");
        client.get().uri(files(folder + "a.txt")).exchange().expectStatus().isNotFound();
        // the source's folder stays, as after a delete
        assertThat(list(folder).items()).isEmpty();
    }

    @Test
    void aCopyHasTheSameDigestAndTheSourceStays() {
        String etag = put(folder + "orig.txt", bytes("copy me"));

        FileInfo copy = expectOk(post("/api/v1/copy", folder + "orig.txt", folder + "copies/orig.txt", null))
                .expectBody(FileInfo.class)
                .returnResult()
                .getResponseBody();

        assertThat(copy.etag()).isEqualTo(etag);
        assertThat(copy.sha256()).isEqualTo(ApiAssertions.sha256Hex(bytes("copy me")));
        assertThat(content(folder + "orig.txt")).isEqualTo("copy me");
        assertThat(content(folder + "copies/orig.txt")).isEqualTo("copy me");
    }

    @Test
    void aTakenDestinationFailsByDefaultAndIsReplacedOrRenamedOnRequest() {
        put(folder + "s.txt", bytes("source"));
        put(folder + "t.txt", bytes("target"));

        assertProblem(post("/api/v1/move", folder + "s.txt", folder + "t.txt", null), 409, "conflict", "/api/v1/move");
        assertProblem(
                post("/api/v1/copy", folder + "s.txt", folder + "t.txt", "fail"), 409, "conflict", "/api/v1/copy");
        assertThat(content(folder + "t.txt")).isEqualTo("target");

        FileInfo renamed = expectOk(post("/api/v1/copy", folder + "s.txt", folder + "t.txt", "rename"))
                .expectBody(FileInfo.class)
                .returnResult()
                .getResponseBody();
        assertThat(renamed.key()).isEqualTo(folder + "t (1).txt");
        FileInfo again = expectOk(post("/api/v1/copy", folder + "s.txt", folder + "t.txt", "rename"))
                .expectBody(FileInfo.class)
                .returnResult()
                .getResponseBody();
        assertThat(again.key()).isEqualTo(folder + "t (2).txt");

        expectOk(post("/api/v1/move", folder + "s.txt", folder + "t.txt", "replace"));
        assertThat(content(folder + "t.txt")).isEqualTo("source");
        client.get().uri(files(folder + "s.txt")).exchange().expectStatus().isNotFound();
    }

    @Test
    void ifMatchIsTestedOnTheSource() {
        String etag = put(folder + "guarded.txt", bytes("v1"));

        assertProblem(
                post("/api/v1/move", folder + "guarded.txt", folder + "moved.txt", null, "\"other\""),
                412,
                "precondition-failed",
                "/api/v1/move");
        client.get().uri(files(folder + "moved.txt")).exchange().expectStatus().isNotFound();

        expectOk(post("/api/v1/move", folder + "guarded.txt", folder + "moved.txt", null, etag));
        assertThat(content(folder + "moved.txt")).isEqualTo("v1");
    }

    @Test
    void aFolderMovesWithEverythingInItAndIsSummarized() {
        put(folder + "photos/2025/a.jpg", bytes("aa"));
        put(folder + "photos/2025/deep/b.jpg", bytes("bbb"));
        client.put()
                .uri(uri("/api/v1/folders/" + folder + "photos/2025/empty"))
                .exchange()
                .expectStatus()
                .isCreated();

        expectOk(post("/api/v1/move", folder + "photos/2025/", folder + "archive/2025/", null))
                .expectBody()
                .jsonPath("$.from")
                .isEqualTo(folder + "photos/2025/")
                .jsonPath("$.to")
                .isEqualTo(folder + "archive/2025/")
                .jsonPath("$.files")
                .isEqualTo(2)
                .jsonPath("$.bytes")
                .isEqualTo(5);

        assertThat(content(folder + "archive/2025/deep/b.jpg")).isEqualTo("bbb");
        assertThat(list(folder + "archive/2025/").prefixes())
                .containsExactly(folder + "archive/2025/deep/", folder + "archive/2025/empty/");
        assertThat(list(folder + "photos/").prefixes()).isEmpty();
        assertThat(list(folder).prefixes()).containsExactly(folder + "archive/", folder + "photos/");
    }

    @Test
    void aFolderCopyLeavesTheSourceAndRenameNumbersTheFolder() {
        put(folder + "album/one.txt", bytes("1"));
        client.put()
                .uri(uri("/api/v1/folders/" + folder + "backup"))
                .exchange()
                .expectStatus()
                .isCreated();

        assertProblem(
                post("/api/v1/copy", folder + "album/", folder + "backup/", null), 409, "conflict", "/api/v1/copy");
        expectOk(post("/api/v1/copy", folder + "album/", folder + "backup/", "rename"))
                .expectBody()
                .jsonPath("$.to")
                .isEqualTo(folder + "backup (1)/")
                .jsonPath("$.files")
                .isEqualTo(1);
        assertThat(content(folder + "album/one.txt")).isEqualTo("1");
        assertThat(content(folder + "backup (1)/one.txt")).isEqualTo("1");

        expectOk(post("/api/v1/copy", folder + "album/", folder + "backup/", "replace"));
        assertThat(content(folder + "backup/one.txt")).isEqualTo("1");
    }

    @Test
    void badRequestsAre400AndChangeNothing() {
        put(folder + "f/x.txt", bytes("x"));
        assertProblem(post("/api/v1/move", folder + "f/", folder + "g", null), 400, "invalid-request", "/api/v1/move");
        assertProblem(
                post("/api/v1/move", folder + "f/", folder + "f/inside/", null),
                400,
                "invalid-request",
                "/api/v1/move");
        assertProblem(
                post("/api/v1/move", folder + "f/x.txt", folder + "../y.txt", null),
                400,
                "invalid-key",
                "/api/v1/move");
        assertProblem(
                post("/api/v1/move", folder + "f/x.txt", ".sluice/y.txt", null), 400, "invalid-key", "/api/v1/move");
        assertProblem(
                post("/api/v1/copy", folder + "f/x.txt", folder + "y.txt", "sideways"),
                400,
                "invalid-request",
                "/api/v1/copy");
        assertProblem(
                client.post()
                        .uri(uri("/api/v1/move"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("from", folder + "f/x.txt"))
                        .exchange(),
                400,
                "invalid-request",
                "/api/v1/move");
        assertProblem(
                client.post()
                        .uri(uri("/api/v1/move"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{not json")
                        .exchange(),
                400,
                "invalid-request",
                "/api/v1/move");
        assertProblem(
                post("/api/v1/move", folder + "missing.txt", folder + "y.txt", null), 404, "not-found", "/api/v1/move");
        assertProblem(
                post("/api/v1/move", folder + "f/x.txt", folder + "f", null),
                409,
                "key-folder-conflict",
                "/api/v1/move");
        assertThat(content(folder + "f/x.txt")).isEqualTo("x");
    }

    private WebTestClient.ResponseSpec post(String route, String from, String to, String conflict) {
        return post(route, from, to, conflict, null);
    }

    private WebTestClient.ResponseSpec post(String route, String from, String to, String conflict, String ifMatch) {
        StringBuilder json = new StringBuilder("{\"from\":\"" + from + "\",\"to\":\"" + to + "\"");
        if (conflict != null) {
            json.append(",\"conflict\":\"").append(conflict).append('"');
        }
        json.append('}');
        WebTestClient.RequestBodySpec request = client.post().uri(uri(route)).contentType(MediaType.APPLICATION_JSON);
        if (ifMatch != null) {
            request = request.header("If-Match", ifMatch);
        }
        return request.bodyValue(json.toString()).exchange();
    }

    private static WebTestClient.ResponseSpec expectOk(WebTestClient.ResponseSpec response) {
        return response.expectStatus().isOk();
    }

    private String content(String key) {
        byte[] body = client.get()
                .uri(files(key.replace(" ", "%20")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return new String(body, StandardCharsets.UTF_8);
    }

    private FileListing list(String prefix) {
        return client.get()
                .uri(uri("/api/v1/files?delimiter=/&prefix=" + prefix.replace(" ", "%20")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(FileListing.class)
                .returnResult()
                .getResponseBody();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
