package dev.sluice.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.sluice.storage.ObjectInfo;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An object as the API shows it.
 *
 * @param key the full key
 * @param name the last segment of the key
 * @param size bytes
 * @param contentType media type; null in listings of backends that do not have it at hand
 * @param etag strong entity tag: the quoted SHA-256 hex, or, while the SHA-256 of a file Sluice did not write is
 *     not computed yet, a quoted token of the file's version ({@code "v-..."}); null in listings that have neither
 * @param sha256 lowercase hex SHA-256 of the content; null in such listings and for a file Sluice did not write
 *     and has not hashed yet
 * @param lastModified in whole seconds
 */
@Schema(description = "An object")
public record FileInfo(
        @Schema(requiredMode = REQUIRED, description = "The full key", example = "docs/notes.txt")
        String key,

        @Schema(requiredMode = REQUIRED, description = "The last segment of the key", example = "notes.txt")
        String name,

        @Schema(requiredMode = REQUIRED, description = "Bytes", example = "3")
        long size,

        @Schema(nullable = true, description = "Media type; may be null in listings", example = "text/plain") @Nullable
        String contentType,

        @Schema(
                nullable = true,
                description = "Strong entity tag: the quoted SHA-256 hex, or a quoted version token"
                        + " (\"v-...\") while the SHA-256 of a file Sluice did not write is not computed yet; may be null in"
                        + " listings",
                example = "\"2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae\"")
        @Nullable
        String etag,

        @Schema(
                nullable = true,
                description = "Lowercase hex SHA-256 of the content; may be null in listings, and"
                        + " for a file that Sluice did not write and has not hashed yet (computed in the background)",
                example = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae")
        @Nullable
        String sha256,

        @Schema(
                requiredMode = REQUIRED,
                description = "When it was stored, in whole seconds",
                example = "2026-11-24T10:00:00Z")
        Instant lastModified) {

    public static FileInfo of(ObjectInfo info) {
        return new FileInfo(
                info.key().value(),
                info.key().name(),
                info.size(),
                info.contentType(),
                info.etag(),
                info.sha256(),
                info.lastModified());
    }
}
