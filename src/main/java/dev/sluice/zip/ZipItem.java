package dev.sluice.zip;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of an archive: a file or a folder.
 *
 * @param name the entry's path inside the archive, UTF-8, segments separated by {@code /}; a folder's name ends in
 *     {@code /}. Relative (no leading {@code /}), without empty, {@code .} or {@code ..} segments, backslashes or
 *     control characters, at most 65,535 UTF-8 bytes.
 * @param size the content's length in bytes (0 for a folder)
 * @param lastModified the modification time written into the archive (whole seconds)
 * @param crc32 the CRC-32 of the content when known (for example computed at upload), else {@code null}
 * @param content where the content is read from ({@code null} for a folder)
 */
public record ZipItem(
        String name,
        long size,
        Instant lastModified,
        @Nullable Long crc32,
        @Nullable ZipContent content) {

    /** ZIP stores a name's length in 16 bits. */
    static final int MAX_NAME_BYTES = 0xFFFF;

    public ZipItem {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lastModified, "lastModified");
        checkName(name);
        if (size < 0) {
            throw new IllegalArgumentException("negative size for " + name);
        }
        if (crc32 != null && (crc32 < 0 || crc32 > 0xFFFF_FFFFL)) {
            throw new IllegalArgumentException("CRC-32 out of range for " + name);
        }
        if (name.endsWith("/")) {
            if (size != 0 || content != null || (crc32 != null && crc32 != 0)) {
                throw new IllegalArgumentException("a folder has no content: " + name);
            }
        } else {
            Objects.requireNonNull(content, "content");
            if (size == 0 && crc32 != null && crc32 != 0) {
                throw new IllegalArgumentException("the CRC-32 of no bytes is 0: " + name);
            }
        }
    }

    /** A folder entry; {@code name} ends in {@code /}. */
    public static ZipItem folder(String name, Instant lastModified) {
        if (!name.endsWith("/")) {
            throw new IllegalArgumentException("a folder's name ends in '/': " + name);
        }
        return new ZipItem(name, 0, lastModified, 0L, null);
    }

    /** A file entry; {@code crc32} is {@code null} when unknown. */
    public static ZipItem file(String name, long size, Instant lastModified, @Nullable Long crc32, ZipContent content) {
        if (name.endsWith("/")) {
            throw new IllegalArgumentException("a file's name does not end in '/': " + name);
        }
        return new ZipItem(name, size, lastModified, crc32, content);
    }

    /** Whether this entry is a folder. */
    public boolean isFolder() {
        return name.endsWith("/");
    }

    /**
     * The CRC-32 to write, when it is known without reading the content: the given one, or 0 for a folder or an
     * empty file; {@code null} when it must be computed while the bytes pass.
     */
    public @Nullable Long knownCrc32() {
        return size == 0 ? Long.valueOf(0) : crc32;
    }

    // Names come from the store's validated keys; this check stays because an archive is handed to other programs,
    // which extract it onto disks (a ".." or absolute entry is the classic "zip slip").
    private static void checkName(String name) {
        if (name.isEmpty() || name.startsWith("/")) {
            throw new IllegalArgumentException("an entry name is relative and not empty: '" + name + "'");
        }
        String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("bad segment in entry name '" + name + "'");
            }
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7F || c == '\\') {
                throw new IllegalArgumentException("bad character in entry name '" + name + "'");
            }
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("entry name over 65,535 UTF-8 bytes");
        }
    }
}
