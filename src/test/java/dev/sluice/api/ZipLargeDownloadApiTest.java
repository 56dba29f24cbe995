package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import dev.sluice.testing.TestTokens;
import dev.sluice.zip.ZipTools;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ZIP64 through the API, kept fast on local disk: a folder of more than 65,535 entries (empty files, whose CRC-32 is
 * known without reading them), a sparse file over 4 GiB whose CRC-32 is recorded as an upload would record it (so
 * the archive is laid out and its head and tail can be fetched by ranges: the 4 GiB of zeros between them are the
 * file's, and stay a hole in the reassembled copy), and files that Sluice did not write (CRC-32 unknown), streamed
 * with data descriptors.
 */
@Tag(ApiTestSupport.LOCAL_DISK)
class ZipLargeDownloadApiTest extends ApiTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long HUGE = (4L << 30) + 4096;
    private static final int WINDOW = 64 * 1024;

    @TempDir
    Path temp;

    @Test
    void moreThan65535EntriesAreOneArchiveWithZip64EndRecords() throws Exception {
        Path many = Files.createDirectories(root().resolve(folder + "many"));
        int folders = 66;
        int perFolder = 1000;
        for (int f = 0; f < folders; f++) {
            Path dir = Files.createDirectory(many.resolve(String.format("d%02d", f)));
            for (int i = 0; i < perFolder; i++) {
                Files.createFile(dir.resolve(String.format("f%04d", i)));
            }
        }

        HttpResponse<Path> response = get("/api/v1/zip/" + folder + "many", "", temp.resolve("many.zip"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        int entries = 1 + folders + folders * perFolder;
        assertThat(entries).isGreaterThan(0xFFFF);
        try (ZipFile zip = new ZipFile(response.body().toFile())) {
            assertThat(zip.size()).isEqualTo(entries);
            assertThat(zip.getEntry("many/d65/f0999").getSize()).isZero();
        }
        ZipTools.sevenZipTest(response.body());
        assertThat(ZipTools.bsdtarList(response.body())).hasSize(entries).startsWith("many/", "many/d00/");
        ZipTools.unzipTest(response.body(), List.of("many/d00/f0000", "many/d65/f0999"));
    }

    @Test
    void aFileOver4GiBIsLaidOutWithZip64AndItsArchiveFetchedByRanges() throws Exception {
        Path dir = Files.createDirectories(root().resolve(folder + "big"));
        Files.writeString(dir.resolve("a.txt"), "small\n");
        recordCrc(dir.resolve("a.txt"), "small\n".getBytes(StandardCharsets.UTF_8).length, crcOf("small\n"));
        Path huge = dir.resolve("huge.bin");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(HUGE); // a hole: zeros that take no disk
        }
        long hugeCrc = zerosCrc(HUGE);
        recordCrc(huge, HUGE, hugeCrc);
        String path = "/api/v1/zip/" + folder + "big";

        HttpResponse<Path> head = get(path, "bytes=0-" + (WINDOW - 1), temp.resolve("head"));
        assertThat(head.statusCode()).isEqualTo(206);
        String contentRange = head.headers().firstValue("Content-Range").orElseThrow();
        long size = Long.parseLong(contentRange.substring(contentRange.indexOf('/') + 1));
        assertThat(size).isGreaterThan(HUGE);
        HttpResponse<Path> tail = get(path, "bytes=" + (size - WINDOW) + "-", temp.resolve("tail"));
        assertThat(tail.statusCode()).isEqualTo(206);

        // the archive, with the 4 GiB of zeros between head and tail left as a hole
        Path archive = temp.resolve("big.zip");
        try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
            file.setLength(size);
            file.write(Files.readAllBytes(head.body()));
            file.seek(size - WINDOW);
            file.write(Files.readAllBytes(tail.body()));
        }
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            ZipEntry big = zip.getEntry("big/huge.bin");
            assertThat(big.getSize()).isEqualTo(HUGE);
            assertThat(big.getCrc()).isEqualTo(hugeCrc);
            try (InputStream in = zip.getInputStream(zip.getEntry("big/a.txt"))) {
                assertThat(in.readAllBytes()).asString().isEqualTo("small\n");
            }
        }
        try (org.apache.commons.compress.archivers.zip.ZipFile zip =
                org.apache.commons.compress.archivers.zip.ZipFile.builder()
                        .setPath(archive)
                        .get()) {
            assertThat(zip.getEntry("big/huge.bin").getSize()).isEqualTo(HUGE);
        }
        ZipTools.sevenZipTest(archive); // reads all 4 GiB and checks every CRC-32
        ZipTools.unzipTest(archive, List.of("big/a.txt"));
        assertThat(ZipTools.bsdtarList(archive)).containsExactly("big/", "big/a.txt", "big/huge.bin");
    }

    @Test
    void filesSluiceDidNotWriteAreStreamedWithDataDescriptorsAndAnExactLength() throws Exception {
        Path dir = Files.createDirectories(root().resolve(folder + "plain/inner"));
        Files.writeString(dir.resolve("one.txt"), "one\n");
        Files.write(dir.resolve("two.bin"), new byte[200_000]);
        Files.createDirectories(root().resolve(folder + "plain/nothing here"));

        HttpResponse<Path> response = get("/api/v1/zip/" + folder + "plain", "", temp.resolve("plain.zip"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("none");
        assertThat(response.headers().firstValue("ETag")).isEmpty();
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(Files.size(response.body()));
        java.util.Map<String, byte[]> expected = new java.util.LinkedHashMap<>();
        expected.put("plain/", null);
        expected.put("plain/inner/", null);
        expected.put("plain/inner/one.txt", "one\n".getBytes(StandardCharsets.UTF_8));
        expected.put("plain/inner/two.bin", new byte[200_000]);
        expected.put("plain/nothing here/", null);
        ZipDownloadApiTest.assertReadable(response.body(), expected);
        // and by libarchive's streaming reader, which meets each data descriptor before any central directory
        byte[] bytes = Files.readAllBytes(response.body());
        assertThat(ZipTools.bsdtarListStream(out -> {
                    try {
                        out.write(bytes);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }))
                .containsExactlyElementsOf(expected.keySet());
    }

    private HttpResponse<Path> get(String path, String range, Path into) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Authorization", TestTokens.BEARER);
        if (!range.isEmpty()) {
            request.header("Range", range);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofFile(into));
    }

    /** What an upload records with a file (docs/ARCHITECTURE.md, "Metadata"), here with the CRC-32 given. */
    private static void recordCrc(Path file, long size, long crc) throws IOException {
        long inode = (Long) Files.getAttribute(file, "unix:ino");
        long mtime = Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS);
        String line = "sluice-meta 1 " + inode + " " + size + " " + mtime + " - " + Long.toHexString(crc)
                + " application/octet-stream";
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
                .write("sluice.meta", ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
    }

    private static long crcOf(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    private static long zerosCrc(long length) {
        CRC32 crc = new CRC32();
        byte[] zeros = new byte[1 << 20];
        for (long left = length; left > 0; left -= zeros.length) {
            crc.update(zeros, 0, (int) Math.min(zeros.length, left));
        }
        return crc.getValue();
    }
}
