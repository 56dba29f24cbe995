package dev.sluice.files;

import dev.sluice.storage.ObjectInfo;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An object as the API shows it.
 *
 * @param key the full key
 * @param name the last segment of the key
 * @param size bytes
 * @param contentType media type; null in listings of backends that do not have it at hand
 * @param etag strong entity tag, the quoted SHA-256 hex; null where {@code sha256} is
 * @param sha256 lowercase hex SHA-256 of the content
 * @param lastModified in whole seconds
 */
public record FileInfo(String key, String name, long size, @Nullable String contentType, @Nullable String etag,
        @Nullable String sha256, Instant lastModified) {

    public static FileInfo of(ObjectInfo info) {
        return new FileInfo(info.key().value(), info.key().name(), info.size(), info.contentType(), info.etag(),
                info.sha256(), info.lastModified());
    }
}
