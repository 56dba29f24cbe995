package dev.sluice.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A store of the trailer format built on disk with the format's own writer ({@link ObjectTrailer#encode}), and what
 * each file must look like once converted.
 */
final class TrailerFormatStore {

    /** One object as the old store held it. */
    record StoredObject(byte[] content, String contentType, long lastModifiedEpochSecond) {
        byte[] sha256() {
            return TrailerFormatStore.sha256(content);
        }
    }

    /** A file that is not a Sluice object: its bytes and time must survive the conversion as they are. */
    record StrayFile(byte[] bytes, FileTime modified) {}

    final Path root;
    final Map<String, StoredObject> objects = new LinkedHashMap<>();
    final Map<String, StrayFile> strays = new LinkedHashMap<>();

    TrailerFormatStore(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root.resolve(".sluice/tmp"));
        Files.writeString(root.resolve(".sluice/format"), TrailerFormatConversion.FORMAT_1, StandardCharsets.US_ASCII);
        // An upload the old version was staging when it stopped: not an object, not to be converted.
        Files.write(root.resolve(".sluice/tmp/0d6f.upload"), trailerFile(new byte[] {1, 2, 3}, "text/plain", 1));
    }

    /** The awkward cases: nested folders, an empty object, 512-byte contents, non-ASCII names, stray files. */
    static TrailerFormatStore awkward(Path root) throws IOException {
        TrailerFormatStore store = new TrailerFormatStore(root);
        Random random = new Random(7);
        store.put("readme.txt", "hello, world\n".getBytes(StandardCharsets.UTF_8), "text/plain");
        store.put("nested/deeper/still/data.bin", bytes(random, 100_000), "application/octet-stream");
        store.put("nested/empty", new byte[0], "application/octet-stream");
        // 512 bytes of content that are themselves a valid trailer of an empty object: converting this file twice
        // would leave it empty, so it proves no file is truncated twice.
        store.put("nested/exactly-512.bin", trailer(0, "text/plain", 5).array(), "application/octet-stream");
        store.put("nested/random-512.bin", bytes(random, 512), "application/octet-stream");
        store.put("ünïcødé/日本語 ファイル.txt", "こんにちは".getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        store.put("spaces and+plus=sign.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), "text/csv");
        store.put("zz/last.json", "{}".getBytes(StandardCharsets.UTF_8), "application/json");
        store.stray("notes.txt", "a file someone copied in\n".getBytes(StandardCharsets.UTF_8));
        store.stray("nested/big-stray.bin", bytes(random, 4096));
        // Ends in a trailer whose size does not match the file: damaged or foreign, not ours to cut.
        byte[] inconsistent = trailerFile(bytes(random, 100), "text/plain", 9);
        store.stray("nested/inconsistent.bin", java.util.Arrays.copyOfRange(inconsistent, 1, inconsistent.length));
        return store;
    }

    void put(String key, byte[] content, String contentType) throws IOException {
        long modified = 1_700_000_000L + objects.size();
        Path file = root.resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, trailerFile(content, contentType, modified));
        objects.put(key, new StoredObject(content, contentType, modified));
    }

    void stray(String name, byte[] bytes) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        FileTime modified = FileTime.fromMillis(1_600_000_000_000L);
        Files.setLastModifiedTime(file, modified);
        strays.put(name, new StrayFile(bytes, modified));
    }

    /** Every object file is its content with the object's time; every stray file is as it was. */
    void assertConverted() throws IOException {
        for (Map.Entry<String, StoredObject> object : objects.entrySet()) {
            Path file = root.resolve(object.getKey());
            assertThat(Files.readAllBytes(file))
                    .as("bytes of %s", object.getKey())
                    .isEqualTo(object.getValue().content());
            assertThat(Files.getLastModifiedTime(file).toInstant().getEpochSecond())
                    .as("time of %s", object.getKey())
                    .isEqualTo(object.getValue().lastModifiedEpochSecond());
        }
        assertStraysUntouched();
        assertThat(Files.readString(root.resolve(".sluice/format"))).isEqualTo(TrailerFormatConversion.FORMAT_2);
        assertThat(root.resolve(".sluice").resolve(ConversionJournal.FILE_NAME)).doesNotExist();
        assertThat(root.resolve(".sluice/tmp/0d6f.upload"))
                .hasBinaryContent(trailerFile(new byte[] {1, 2, 3}, "text/plain", 1));
    }

    void assertStraysUntouched() throws IOException {
        for (Map.Entry<String, StrayFile> stray : strays.entrySet()) {
            Path file = root.resolve(stray.getKey());
            assertThat(Files.readAllBytes(file))
                    .as("stray %s", stray.getKey())
                    .isEqualTo(stray.getValue().bytes());
            assertThat(Files.getLastModifiedTime(file))
                    .isEqualTo(stray.getValue().modified());
        }
    }

    static byte[] trailerFile(byte[] content, String contentType, long modified) {
        ByteBuffer file = ByteBuffer.allocate(content.length + ObjectTrailer.SIZE);
        file.put(content);
        file.put(new ObjectTrailer(content.length, modified, sha256(content), contentType).encode());
        return file.array();
    }

    private static ByteBuffer trailer(long size, String contentType, long modified) {
        return new ObjectTrailer(size, modified, sha256(new byte[0]), contentType).encode();
    }

    static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
