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

    /** The strong entity tag derived from the content digest, quoted; null when the digest is unknown. */
    public @Nullable String etag() {
        return sha256 == null ? null : "\"" + sha256 + "\"";
    }
}
