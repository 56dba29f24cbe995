package dev.sluice.storage;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a store knows about one object.
 *
 * @param key the object's key
 * @param size content length in bytes
 * @param contentType the media type stored with the object; null only in listings of backends that would need an
 *     extra request per item to know it
 * @param sha256 lowercase hex SHA-256 of the content; null only in such listings
 * @param lastModified when the object was last written, in whole seconds
 */
public record ObjectInfo(
        ObjectKey key, long size, @Nullable String contentType, @Nullable String sha256, Instant lastModified) {

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

    /** The strong entity tag derived from the content digest, quoted; null when the digest is unknown. */
    public @Nullable String etag() {
        return sha256 == null ? null : "\"" + sha256 + "\"";
    }
}
