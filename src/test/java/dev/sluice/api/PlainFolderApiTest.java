package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * A folder prepared with plain file tools (a shell's mkdir, printf, ln, mv) under the running server's root, served
 * exactly as it is: nested folders, awkward names, a name in NFD, hand-made symbolic links, names that are no valid
 * key, files changed in place and replaced between and during requests.
 */
@Tag(ApiTestSupport.LOCAL_DISK)
class PlainFolderApiTest extends ApiTestSupport {

    private static final Duration HASHED_WITHIN = Duration.ofSeconds(20);

    @Test
    void aFolderPreparedWithFileToolsIsServedExactlyAsItIs() throws Exception {
        Path dir = Files.createDirectories(root().resolve(folder));
        shell(
                dir,
                "mkdir -p 'nested/deeper/still' && printf 'deep\\n' > nested/deeper/still/leaf.txt"
                        + " && printf 'a,b\\n1,2\\n' > 'report 2026 (final) & more.csv'"
                        + " && printf 'emoji' > \"$(printf '\\360\\237\\230\\200.bin')\""
                        + " && printf 'decomposed' > \"$(printf 'cafe\\314\\201.txt')\""
                        + " && printf 'bad' > \"$(printf 'bad\\377name.txt')\""
                        + " && printf 'slash' > 'back\\\\slash.txt'"
                        + " && ln -s nested/deeper/still/leaf.txt link.txt && ln -s /etc outside");

        client.get()
                .uri(uri("/api/v1/files?prefix=" + folder + "&limit=100"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items[*].key")
                .isEqualTo(List.of(
                        folder + "café.txt",
                        folder + "nested/deeper/still/leaf.txt",
                        folder + "report 2026 (final) & more.csv",
                        folder + "😀.bin"));

        assertContent(folder + "nested/deeper/still/leaf.txt", "deep\n");
        assertContent(folder + "report%202026%20(final)%20%26%20more.csv", "a,b\n1,2\n");
        assertContent(folder + "%F0%9F%98%80.bin", "emoji");
        assertContent(folder + "caf%C3%A9.txt", "decomposed"); // the NFD name found by its NFC key
        client.get().uri(files(folder + "link.txt")).exchange().expectStatus().isNotFound();
        client.get()
                .uri(files(folder + "outside/hostname"))
                .exchange()
                .expectStatus()
                .isBadRequest();

        // Digests of files Sluice did not write: absent at first, then computed in the background.
        Path report = dir.resolve("report 2026 (final) & more.csv");
        String key = folder + "report%202026%20(final)%20%26%20more.csv";
        assertThat(awaitSha256(key)).isEqualTo(sha256sum(report));
        client.get()
                .uri(files(key))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"" + sha256sum(report) + "\"")
                .expectHeader()
                .exists("Repr-Digest");
        assertThat(Files.readString(report)).isEqualTo("a,b\n1,2\n"); // read, never rewritten
    }

    @Test
    void anUnhashedFileHasAVersionETagAndNoDigestAndConditionalRequestsWork() throws Exception {
        Path dir = Files.createDirectories(root().resolve(folder));
        shell(dir, "head -c 200000 /dev/zero > big.bin");
        EntityExchangeResult<byte[]> first = client.get()
                .uri(files(folder + "big.bin"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        String etag = first.getResponseHeaders().getETag();
        assertThat(first.getResponseBodyContent()).hasSize(200_000);
        if (etag.startsWith("\"v-")) {
            assertThat(first.getResponseHeaders().get("Repr-Digest")).isNull();
        }
        // The ETag is the version's until the background hasher is done, then the SHA-256's: either way a
        // conditional request with the old one is answered for the current state, never wrongly 304.
        EntityExchangeResult<byte[]> again = client.get()
                .uri(files(folder + "big.bin"))
                .header(HttpHeaders.IF_NONE_MATCH, etag)
                .exchange()
                .expectBody()
                .returnResult();
        if (again.getStatus().value() == 200) {
            assertThat(again.getResponseHeaders().getETag()).isEqualTo("\"" + sha256sum(dir.resolve("big.bin")) + "\"");
        } else {
            assertThat(again.getStatus().value()).isEqualTo(304);
        }
    }

    @Test
    void aFileChangedInPlaceBetweenTwoRequestsIsSeenAtTheNextOne() throws Exception {
        Path dir = Files.createDirectories(root().resolve(folder));
        shell(dir, "printf 'first version' > doc.txt");
        String firstTag = client.get()
                .uri(files(folder + "doc.txt"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("first version")
                .returnResult()
                .getResponseHeaders()
                .getETag();

        shell(dir, "printf 'second, edited in place' > doc.txt"); // truncates and rewrites: the same inode

        client.get()
                .uri(files(folder + "doc.txt"))
                .header(HttpHeaders.IF_NONE_MATCH, firstTag)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("second, edited in place");
        client.get()
                .uri(uri("/api/v1/metadata/" + folder + "doc.txt"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.size")
                .isEqualTo(23);
    }

    @Test
    void aFileReplacedByASymbolicLinkBetweenTwoRequestsIsNoLongerServed() throws Exception {
        Path dir = Files.createDirectories(root().resolve(folder));
        shell(dir, "printf 'mine' > file.txt");
        assertContent(folder + "file.txt", "mine");

        shell(dir, "rm file.txt && ln -s /etc/hostname file.txt");

        client.get().uri(files(folder + "file.txt")).exchange().expectStatus().isNotFound();
        client.get()
                .uri(uri("/api/v1/files?prefix=" + folder))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items")
                .isEmpty();
        client.put()
                .uri(files(folder + "file.txt"))
                .bodyValue("over".getBytes(StandardCharsets.UTF_8))
                .exchange()
                .expectStatus()
                .isBadRequest();
        assertThat(Files.isSymbolicLink(dir.resolve("file.txt"))).isTrue();
    }

    @Test
    void aFolderReplacedByAFileBetweenTwoRequestsIsSeenAsThatFile() throws Exception {
        Path dir = Files.createDirectories(root().resolve(folder));
        shell(dir, "mkdir a && printf 'inside' > a/x.txt");
        assertContent(folder + "a/x.txt", "inside");

        shell(dir, "rm -r a && printf 'now a file' > a");

        client.get().uri(files(folder + "a/x.txt")).exchange().expectStatus().isNotFound();
        assertContent(folder + "a", "now a file");
        client.get()
                .uri(uri("/api/v1/files?prefix=" + folder + "&delimiter=/"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.prefixes")
                .isEmpty()
                .jsonPath("$.items[0].key")
                .isEqualTo(folder + "a");
    }

    @Test
    void aFileReplacedDuringDownloadsIsAlwaysSentAsOneWholeVersion() throws Exception {
        Path dir = Files.createDirectories(root().resolve(folder));
        byte[] one = filled('1', 100_000);
        byte[] two = filled('2', 150_000);
        Path target = dir.resolve("moving.bin");
        Files.write(target, one);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger replacements = new AtomicInteger();
        Thread writer = new Thread(() -> {
            // What rsync and most editors do: write a temp file, rename it over the old one.
            for (int i = 0; running.get(); i++) {
                try {
                    Path temp = dir.resolve(".moving.tmp");
                    Files.write(temp, i % 2 == 0 ? two : one);
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                    replacements.incrementAndGet();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        writer.start();
        List<String> seen = new ArrayList<>();
        try {
            for (int i = 0; i < 60; i++) {
                String range = i % 3 == 0 ? "bytes=0-" : i % 3 == 1 ? "bytes=100-99999" : null;
                var request = client.get().uri(files(folder + "moving.bin"));
                if (range != null) {
                    request = request.header(HttpHeaders.RANGE, range);
                }
                EntityExchangeResult<byte[]> result =
                        request.exchange().expectBody().returnResult();
                byte[] body = result.getResponseBodyContent();
                assertThat(result.getStatus().is2xxSuccessful()).isTrue();
                assertThat(body).hasSize((int) result.getResponseHeaders().getContentLength());
                byte first = body[0];
                assertThat(first).isIn((byte) '1', (byte) '2');
                for (byte b : body) {
                    if (b != first) {
                        throw new AssertionError("a response mixed two versions");
                    }
                }
                String contentRange = result.getResponseHeaders().getFirst(HttpHeaders.CONTENT_RANGE);
                long total = contentRange == null
                        ? body.length
                        : Long.parseLong(contentRange.substring(contentRange.indexOf('/') + 1));
                assertThat(total).isEqualTo(first == '1' ? one.length : two.length);
                seen.add(first + ":" + result.getResponseHeaders().getETag());
            }
        } finally {
            running.set(false);
            writer.join();
        }
        assertThat(replacements.get()).isPositive();
        assertThat(seen.stream().map(s -> s.charAt(0)).distinct().count()).isEqualTo(2);
    }

    @Test
    void sha256sumOfAnUploadedFileEqualsTheApisSha256() throws Exception {
        byte[] content = "uploaded through the API".getBytes(StandardCharsets.UTF_8);
        client.put()
                .uri(files(folder + "up.txt"))
                .bodyValue(content)
                .exchange()
                .expectStatus()
                .isCreated();
        Path file = root().resolve(folder).resolve("up.txt");
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        client.get()
                .uri(uri("/api/v1/metadata/" + folder + "up.txt"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.sha256")
                .isEqualTo(sha256sum(file));
    }

    private void assertContent(String rawKey, String expected) {
        client.get()
                .uri(files(rawKey))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo(expected);
    }

    private String awaitSha256(String rawKey) throws InterruptedException {
        long deadline = System.nanoTime() + HASHED_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            Map<?, ?> info = client.get()
                    .uri(uri("/api/v1/metadata/" + rawKey))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            if (info.get("sha256") != null) {
                return (String) info.get("sha256");
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not hashed within " + HASHED_WITHIN);
    }

    private static void shell(Path directory, String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", script)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
    }

    private static String sha256sum(Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sha256sum", file.toString()).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();
        return output.substring(0, 64);
    }

    private static byte[] filled(char value, int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
