package dev.sluice.shares;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One share link as stored at {@code .sluice/shares/<id>} (JSON): the record is the truth, read on every use, so a
 * revocation takes effect on every instance at once.
 *
 * @param id random, URL-safe
 * @param key the one key a read link downloads, or null for a prefix link
 * @param prefix the folder (ending in {@code /}, or empty for everything) a prefix link reaches, or null
 * @param permission read or upload
 * @param createdAt when it was made
 * @param expiresAt after this instant the link is refused
 * @param createdBy the user or token that made it
 * @param revoked true once revoked
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Share(
        String id,
        @Nullable String key,
        @Nullable String prefix,
        Permission permission,
        Instant createdAt,
        Instant expiresAt,
        String createdBy,
        boolean revoked) {

    Share revoke() {
        return new Share(id, key, prefix, permission, createdAt, expiresAt, createdBy, true);
    }

    /** Whether the link is for one key (else for a prefix). */
    public boolean forKey() {
        return key != null;
    }

    /** The prefix of a prefix link; a key link has none. */
    public String requirePrefix() {
        return Objects.requireNonNull(prefix, "a key link has no prefix");
    }
}
