package dev.sluice.storage;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a store knows about one object.
 *
 * @param key the object's key
 * @param size content length in bytes
 * @param contentType the media type stored with the object (or, for a file Sluice did not write, guessed from its
 *     name); null only in listings of backends that would need an extra request per item to know it
 * @param sha256 lowercase hex SHA-256 of the content; null in such listings, and for a file that Sluice did not
 *     write and has not hashed yet
 * @param lastModified when the object was last written, in whole seconds
 * @param crc32 the CRC-32 (ZIP's checksum) of the content, when known; null otherwise
 * @param versionTag an opaque token that changes whenever the content can have changed (the local store derives it
 *     from the file's inode, size and modification time); the entity tag while the SHA-256 is unknown. Null when
 *     the backend has none
 */
public record ObjectInfo(
        ObjectKey key,
        long size,
        @Nullable String contentType,
        @Nullable String sha256,
        Instant lastModified,
        @Nullable Long crc32,
        @Nullable String versionTag) {

    /** An object whose CRC-32 and version token are unknown. */
    public ObjectInfo(
            ObjectKey key, long size, @Nullable String contentType, @Nullable String sha256, Instant lastModified) {
        this(key, size, contentType, sha256, lastModified, null, null);
    }

    /**
     * Why bytes {@code offset} to {@code offset + length} are not a slice of this object's content, or null when
     * they are: the bounds rule every {@link StoredObject#read} applies.
     */
    public @Nullable IllegalArgumentException sliceError(long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > size) {
            return new IllegalArgumentException(
                    "slice " + offset + "+" + length + " is outside the object of " + size + " bytes");
        }
        return null;
    }

    /**
     * The strong entity tag, quoted: derived from the content digest when it is known, else from the version token;
     * null when neither is known.
     */
    public @Nullable String etag() {
        if (sha256 != null) {
            return "\"" + sha256 + "\"";
        }
        return versionTag == null ? null : "\"" + versionTag + "\"";
    }
}
