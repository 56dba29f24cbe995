package dev.sluice.api;

import static dev.sluice.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.files.FileListing;
import dev.sluice.testing.ApiTestSupport;
import dev.sluice.testing.S3TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.async.AsyncRequestBody;

/** Folders are real: {@code PUT} and {@code DELETE /api/v1/folders/{path}}, and listings that show empty ones. */
class FolderApiTest extends ApiTestSupport {

    @Test
    void aCreatedFolderIsListedEmptyUntilDeleted() {
        String path = "/api/v1/folders/" + folder + "new%20folder/inner";
        client.put()
                .uri(uri(path))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueEquals("Location", path)
                .expectBody()
                .jsonPath("$.prefix")
                .isEqualTo(folder + "new folder/inner/");
        client.put()
                .uri(uri(path))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.prefix")
                .isEqualTo(folder + "new folder/inner/");

        assertThat(list(folder).prefixes()).containsExactly(folder + "new folder/");
        assertThat(list(folder + "new folder/").prefixes()).containsExactly(folder + "new folder/inner/");

        client.delete().uri(uri(path)).exchange().expectStatus().isNoContent();
        assertThat(list(folder + "new folder/").prefixes()).isEmpty();
        assertThat(list(folder).prefixes()).containsExactly(folder + "new folder/");
        assertProblem(client.delete().uri(uri(path)).exchange(), 404, "not-found", path);
    }

    @Test
    void anEncodedSlashSeparatesSegmentsAsInKeys() {
        client.put()
                .uri(uri("/api/v1/folders/" + folder.replace("/", "%2F") + "a%2Fb"))
                .exchange()
                .expectStatus()
                .isCreated();
        assertThat(list(folder + "a/").prefixes()).containsExactly(folder + "a/b/");
    }

    @Test
    void aFileInTheWayIsAConflictBothWays() {
        put(folder + "taken", bytes("x"));
        String path = "/api/v1/folders/" + folder + "taken";
        assertProblem(client.put().uri(uri(path)).exchange(), 409, "key-folder-conflict", path);
        assertProblem(client.put().uri(uri(path + "/below")).exchange(), 409, "key-folder-conflict", path + "/below");

        client.put()
                .uri(uri("/api/v1/folders/" + folder + "empty"))
                .exchange()
                .expectStatus()
                .isCreated();
        assertProblem(
                client.put().uri(files(folder + "empty")).bodyValue(bytes("y")).exchange(),
                409,
                "key-folder-conflict",
                "/api/v1/files/" + folder + "empty");
    }

    @Test
    void aFolderThatHoldsFilesIsDeletedOnlyRecursively() {
        put(folder + "full/a.txt", bytes("a"));
        put(folder + "full/sub/b.txt", bytes("b"));
        String path = "/api/v1/folders/" + folder + "full";

        assertProblem(client.delete().uri(uri(path)).exchange(), 409, "folder-not-empty", path);
        assertProblem(client.delete().uri(uri(path + "?recursive=false")).exchange(), 409, "folder-not-empty", path);
        client.get().uri(files(folder + "full/a.txt")).exchange().expectStatus().isOk();

        client.delete()
                .uri(uri(path + "?recursive=true"))
                .exchange()
                .expectStatus()
                .isNoContent();
        client.get()
                .uri(files(folder + "full/sub/b.txt"))
                .exchange()
                .expectStatus()
                .isNotFound();
        assertThat(list(folder).prefixes()).isEmpty();
    }

    @Test
    void deletingTheLastFileKeepsTheFolder() {
        put(folder + "kept/only.txt", bytes("1"));
        client.delete()
                .uri(files(folder + "kept/only.txt"))
                .exchange()
                .expectStatus()
                .isNoContent();

        assertThat(list(folder).prefixes()).containsExactly(folder + "kept/");
        assertThat(list(folder + "kept/").items()).isEmpty();
    }

    @Test
    void aFolderMadeByAnotherProgramIsAFolder() throws IOException {
        String made = folder + "made elsewhere";
        if (onS3()) {
            // What the AWS console and most S3 tools write for an empty folder: a zero-byte object at "prefix/"
            S3TestServer.get()
                    .client()
                    .putObject(
                            request -> request.bucket(bucket()).key(S3_KEY_PREFIX + made + "/"),
                            AsyncRequestBody.empty())
                    .join();
        } else {
            Files.createDirectories(root().resolve(made));
        }
        String path = "/api/v1/folders/" + made.replace(" ", "%20");

        assertThat(list(folder).prefixes()).containsExactly(made + "/");
        client.put().uri(uri(path)).exchange().expectStatus().isOk();
        client.delete().uri(uri(path)).exchange().expectStatus().isNoContent();
        assertThat(list(folder).prefixes()).isEmpty();
    }

    @Test
    void invalidFolderPathsAre400() {
        for (String raw : new String[] {folder + "a/../b", folder + "trailing/", ".sluice/x", folder + "a//b"}) {
            String path = "/api/v1/folders/" + raw;
            assertProblem(client.put().uri(uri(path)).exchange(), 400, "invalid-key", path);
            assertProblem(client.delete().uri(uri(path)).exchange(), 400, "invalid-key", path);
        }
        assertProblem(
                client.delete()
                        .uri(uri("/api/v1/folders/" + folder + "x?recursive=maybe"))
                        .exchange(),
                400,
                "invalid-request",
                "/api/v1/folders/" + folder + "x");
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
