package dev.sluice.storage.local;

import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * What Sluice knows about one version of a file beyond what {@code stat} says: the content type, the SHA-256 and
 * the CRC-32 of its bytes, each tied to the {@link ObjectVersion} they were computed for. Stored as one short ASCII
 * line (in an extended attribute or an index entry): {@code sluice-meta 1 <inode> <size> <mtime-ns> <sha256|->
 * <crc32|-> <content type>}, the content type last because it may hold spaces.
 *
 * @param version the file version the metadata describes; metadata for any other version is unknown
 * @param contentType the media type, at most 255 ASCII characters
 * @param sha256 lowercase hex SHA-256, or null when not computed
 * @param crc32 the CRC-32, or null when not computed
 */
record ObjectMetadata(
        ObjectVersion version,
        String contentType,
        @Nullable String sha256,
        @Nullable Long crc32) {

    private static final String MAGIC = "sluice-meta 1";

    /** The metadata of {@code key} when it describes {@code current}, else what a stat alone tells. */
    static ObjectInfo info(ObjectKey key, ObjectVersion current, @Nullable ObjectMetadata stored) {
        if (stored != null && stored.version.equals(current)) {
            return new ObjectInfo(
                    key,
                    current.size(),
                    stored.contentType,
                    stored.sha256,
                    current.lastModified(),
                    stored.crc32,
                    current.tag());
        }
        return new ObjectInfo(
                key,
                current.size(),
                ContentTypeGuess.of(key.name()),
                null,
                current.lastModified(),
                null,
                current.tag());
    }

    /** The same metadata, now for the version {@code other} (the same bytes under a new inode, say). */
    ObjectMetadata at(ObjectVersion other) {
        return new ObjectMetadata(other, contentType, sha256, crc32);
    }

    byte[] encode() {
        String line = MAGIC + " " + version.inode() + " " + version.size() + " " + version.mtimeNanos() + " "
                + (sha256 == null ? "-" : sha256) + " " + (crc32 == null ? "-" : Long.toHexString(crc32)) + " "
                + contentType;
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    /** The metadata in {@code bytes}, or null when they are not a record this version of Sluice wrote. */
    static @Nullable ObjectMetadata decode(byte[] bytes) {
        String line = new String(bytes, StandardCharsets.US_ASCII);
        if (!line.startsWith(MAGIC + " ")) {
            return null;
        }
        String[] fields = line.substring(MAGIC.length() + 1).split(" ", 6);
        if (fields.length != 6) {
            return null;
        }
        try {
            ObjectVersion version =
                    new ObjectVersion(Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2]));
            String sha256 = fields[3].equals("-") ? null : fields[3];
            if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
                return null;
            }
            Long crc32 = fields[4].equals("-") ? null : Long.parseLong(fields[4], 16);
            return new ObjectMetadata(version, fields[5], sha256, crc32);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
