package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import dev.sluice.testing.S3TestServer;
import dev.sluice.testing.TestTokens;
import dev.sluice.zip.ZipTools;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.async.AsyncRequestBody;

/**
 * {@code GET /api/v1/zip/{path}}, the signed selection URLs of {@code POST /api/v1/zips} and a folder share link's
 * ZIP, on every backend: archives read back by the JDK's {@code ZipFile}, Commons Compress, {@code unzip -t},
 * {@code 7z t} and {@code bsdtar -tf}; resumes by {@code Range} and {@code If-Range} checked byte for byte.
 */
class ZipDownloadApiTest extends ApiTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path temp;

    /** The tree of each test: names inside the archive of {@code <folder>tree} to their content (null: a folder). */
    private Map<String, byte[]> tree() {
        Map<String, byte[]> tree = new LinkedHashMap<>();
        tree.put("tree/", null);
        tree.put("tree/a.txt", "alpha\n".getBytes(StandardCharsets.UTF_8));
        tree.put("tree/b/", null);
        tree.put("tree/b/c d.txt", "see\n".repeat(1000).getBytes(StandardCharsets.UTF_8));
        tree.put("tree/empty/", null);
        tree.put("tree/sub/", null);
        tree.put("tree/sub/deeper/", null);
        tree.put("tree/sub/deeper/nothing.txt", new byte[0]);
        tree.put("tree/sub/ü 日本 😀.bin", bytes(70_000));
        return tree;
    }

    private Map<String, byte[]> uploadTree() {
        Map<String, byte[]> tree = tree();
        tree.forEach((name, content) -> {
            if (content != null) {
                put(encode(folder + name), content);
            }
        });
        emptyFolder(folder + "tree/empty/");
        return tree;
    }

    @Test
    void aFolderIsOneArchiveWithNestedEmptyAndNonAsciiEntriesThatEveryReaderReads() throws Exception {
        Map<String, byte[]> tree = uploadTree();

        HttpResponse<Path> response = get("/api/v1/zip/" + encode(folder + "tree"), Map.of(), temp.resolve("t.zip"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"tree.zip\"; filename*=UTF-8''tree.zip");
        // every file was uploaded through Sluice, so every CRC-32 is known: a laid-out archive
        assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(response.headers().firstValue("ETag"))
                .hasValueSatisfying(tag -> assertThat(tag).startsWith("\"zip-"));
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(Files.size(response.body()));
        assertReadable(response.body(), tree);
    }

    @Test
    void aCutDownloadResumesByteForByteWithRangeAndIfRange() throws Exception {
        uploadTree();
        String path = "/api/v1/zip/" + encode(folder + "tree");
        HttpResponse<Path> whole = get(path, Map.of(), temp.resolve("whole.zip"));
        byte[] archive = Files.readAllBytes(whole.body());
        String etag = whole.headers().firstValue("ETag").orElseThrow();

        // curl -C - asks for the rest after what it has
        int cut = archive.length / 3;
        HttpResponse<Path> rest =
                get(path, Map.of("Range", "bytes=" + cut + "-", "If-Range", etag), temp.resolve("rest.bin"));
        assertThat(rest.statusCode()).isEqualTo(206);
        assertThat(rest.headers().firstValue("Content-Range"))
                .hasValue("bytes " + cut + "-" + (archive.length - 1) + "/" + archive.length);
        byte[] resumed = concat(Arrays.copyOf(archive, cut), Files.readAllBytes(rest.body()));
        assertThat(resumed).isEqualTo(archive);

        // every cut point inside headers, contents and the central directory gives the same bytes
        for (int from : new int[] {1, 30, 31, 100, archive.length - 23, archive.length - 1}) {
            HttpResponse<Path> slice =
                    get(path, Map.of("Range", "bytes=" + from + "-" + (from + 40)), temp.resolve("slice-" + from));
            assertThat(slice.statusCode()).isEqualTo(206);
            assertThat(Files.readAllBytes(slice.body()))
                    .as("from %d", from)
                    .isEqualTo(Arrays.copyOfRange(archive, from, Math.min(from + 41, archive.length)));
        }

        // the same archive again has the same ETag; a changed file changes it, and If-Range then sends it whole
        assertThat(get(path, Map.of("If-None-Match", etag), temp.resolve("304")).statusCode())
                .isEqualTo(304);
        put(encode(folder + "tree/a.txt"), "changed\n".getBytes(StandardCharsets.UTF_8));
        HttpResponse<Path> changed =
                get(path, Map.of("Range", "bytes=" + cut + "-", "If-Range", etag), temp.resolve("changed.zip"));
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).isPresent().isNotEqualTo(java.util.Optional.of(etag));
        assertThat(Files.size(changed.body())).isEqualTo(archive.length + 2);
    }

    @Test
    void aSelectionIsASignedUrlThatABrowserOpensWithoutCredentials() throws Exception {
        Map<String, byte[]> tree = uploadTree();
        String body = "{\"items\":[\"" + folder + "tree/a.txt\",\"" + folder + "tree/sub/\",\"" + folder
                + "tree/sub/deeper/nothing.txt\"]}";
        String answer = client.post()
                .uri(uri("/api/v1/zips"))
                .header("Content-Type", "application/json")
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        String href = answer.replaceAll(".*\"href\":\"([^\"]+)\".*", "$1");
        assertThat(href).startsWith("/api/v1/zips/");
        assertThat(answer).contains("\"expiresAt\":\"");

        HttpResponse<Path> response = HTTP.send(
                HttpRequest.newBuilder(uri(href)).build(), HttpResponse.BodyHandlers.ofFile(temp.resolve("s.zip")));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(value -> assertThat(value).contains("filename=\"tree.zip\""));
        Map<String, byte[]> expected = new LinkedHashMap<>();
        expected.put("a.txt", tree.get("tree/a.txt"));
        expected.put("sub/", null);
        expected.put("sub/deeper/", null);
        expected.put("sub/deeper/nothing.txt", new byte[0]);
        expected.put("sub/ü 日本 😀.bin", tree.get("tree/sub/ü 日本 😀.bin"));
        assertReadable(response.body(), expected);

        String tampered = href.substring(0, href.length() - 2) + (href.endsWith("A") ? "BB" : "AA");
        HttpResponse<String> refused =
                HTTP.send(HttpRequest.newBuilder(uri(tampered)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("\"code\":\"forbidden\"");
    }

    @Test
    void aFolderShareLinkDownloadsAllItSeesAsOneZip() throws Exception {
        Map<String, byte[]> tree = uploadTree();
        String answer = client.post()
                .uri(uri("/api/v1/shares"))
                .header("Content-Type", "application/json")
                .bodyValue("{\"prefix\":\"" + folder + "tree/b/\",\"permission\":\"read\",\"expiresIn\":\"PT1H\"}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        String token = answer.replaceAll(".*\"url\":\"[^\"]*/s/([^\"]+)\".*", "$1");

        HttpResponse<Path> response = HTTP.send(
                HttpRequest.newBuilder(uri("/api/v1/s/" + token + "/zip")).build(),
                HttpResponse.BodyHandlers.ofFile(temp.resolve("share.zip")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(value -> assertThat(value).contains("filename=\"b.zip\""));
        Map<String, byte[]> expected = new LinkedHashMap<>();
        expected.put("c d.txt", tree.get("tree/b/c d.txt"));
        assertReadable(response.body(), expected);
    }

    @Test
    void refusals() throws Exception {
        put(encode(folder + "x.txt"), new byte[] {1});
        assertThat(get("/api/v1/zip/" + encode(folder + "missing"), Map.of(), temp.resolve("404"))
                        .statusCode())
                .isEqualTo(404);
        assertThat(get("/api/v1/zip/" + folder + "a/..", Map.of(), temp.resolve("400"))
                        .statusCode())
                .isEqualTo(400);
        client.post()
                .uri(uri("/api/v1/zips"))
                .header("Content-Type", "application/json")
                .bodyValue("{\"items\":[]}")
                .exchange()
                .expectStatus()
                .isBadRequest();
        client.post()
                .uri(uri("/api/v1/zips"))
                .header("Content-Type", "application/json")
                .bodyValue("{\"items\":[\"a/../b\"]}")
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    /** Reads the archive with five independent readers and compares names, order and contents. */
    static void assertReadable(Path archive, Map<String, byte[]> expected) throws IOException {
        List<String> names = new ArrayList<>(expected.keySet());
        try (ZipFile zip = new ZipFile(archive.toFile(), StandardCharsets.UTF_8)) {
            List<String> seen = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                seen.add(entry.getName());
                byte[] content = expected.get(entry.getName());
                if (content != null) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        assertThat(in.readAllBytes()).as(entry.getName()).isEqualTo(content);
                    }
                }
            }
            assertThat(seen).isEqualTo(names);
        }
        try (org.apache.commons.compress.archivers.zip.ZipFile zip =
                org.apache.commons.compress.archivers.zip.ZipFile.builder()
                        .setPath(archive)
                        .get()) {
            List<String> seen = new ArrayList<>();
            for (Enumeration<ZipArchiveEntry> entries = zip.getEntries(); entries.hasMoreElements(); ) {
                ZipArchiveEntry entry = entries.nextElement();
                seen.add(entry.getName());
                byte[] content = expected.get(entry.getName());
                if (content != null) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        assertThat(in.readAllBytes()).as(entry.getName()).isEqualTo(content);
                    }
                }
            }
            assertThat(seen).isEqualTo(names);
        }
        ZipTools.unzipTest(archive);
        ZipTools.sevenZipTest(archive);
        assertThat(ZipTools.bsdtarList(archive)).containsExactlyElementsOf(names);
    }

    private HttpResponse<Path> get(String path, Map<String, String> headers, Path into)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Authorization", TestTokens.BEARER);
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofFile(into));
    }

    /** An empty folder as each backend keeps one: a directory, or an S3 folder marker. */
    private void emptyFolder(String key) {
        if (onS3()) {
            S3TestServer.get()
                    .client()
                    .putObject(r -> r.bucket(bucket()).key(S3_KEY_PREFIX + key), AsyncRequestBody.empty())
                    .join();
        } else {
            try {
                Files.createDirectories(root().resolve(key));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    static String encode(String key) {
        StringBuilder out = new StringBuilder();
        for (String segment : key.split("/", -1)) {
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(
                    java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + (i >> 8));
        }
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
