package dev.sluice.storage.local;

import dev.sluice.storage.ObjectKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The metadata of files whose filesystem has no user extended attributes (some NFS, SMB and FAT mounts), or when
 * they are turned off: one small file per key in {@code <state>/index/}, named by the SHA-256 of the key (so any key
 * fits a file name), holding the key and the {@link ObjectMetadata} line. Each entry is replaced by writing a temp
 * file and renaming it, so a crash leaves the old entry or the new one; an entry that no longer matches its file's
 * version is simply unknown. One file per key rather than a database: nothing to compact or repair, and concurrent
 * writers of different keys never touch the same file. Entries of files deleted by other programs stay behind
 * (a few hundred bytes each) and are never consulted for another version.
 *
 * <p>All methods block; they run on bounded-elastic threads.
 */
final class MetadataIndex {

    private final Path directory;

    MetadataIndex(Path directory) {
        this.directory = directory;
    }

    @Nullable
    ObjectMetadata read(ObjectKey key) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(entry(key));
        } catch (NoSuchFileException e) {
            return null;
        }
        byte[] expected = (key.value() + "\n").getBytes(StandardCharsets.UTF_8);
        if (bytes.length < expected.length || !Arrays.equals(bytes, 0, expected.length, expected, 0, expected.length)) {
            return null;
        }
        return ObjectMetadata.decode(Arrays.copyOfRange(bytes, expected.length, bytes.length));
    }

    void write(ObjectKey key, ObjectMetadata metadata) throws IOException {
        Path entry = entry(key);
        Files.createDirectories(entry.getParent());
        Path temp = directory.resolve(UUID.randomUUID() + ".tmp");
        byte[] line = metadata.encode();
        byte[] head = (key.value() + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Arrays.copyOf(head, head.length + line.length);
        System.arraycopy(line, 0, bytes, head.length, line.length);
        try {
            Files.write(temp, bytes);
            Files.move(temp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    void forget(ObjectKey key) throws IOException {
        try {
            Files.deleteIfExists(entry(key));
        } catch (FileSystemException e) {
            // an entry that cannot be removed is harmless: it does not match any later version
        }
    }

    /** Removes temp files a crash left behind. Blocking; at start-up. */
    void removeOrphans() throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (var entries = Files.newDirectoryStream(directory, "*.tmp")) {
            for (Path orphan : entries) {
                Files.deleteIfExists(orphan);
            }
        }
    }

    private Path entry(ObjectKey key) {
        String name = HexFormat.of().formatHex(sha256(key.value().getBytes(StandardCharsets.UTF_8)));
        return directory.resolve(name.substring(0, 2)).resolve(name);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
