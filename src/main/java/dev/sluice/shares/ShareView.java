package dev.sluice.shares;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A share link as the API shows it: the record plus its URL. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShareView(
        String id,
        String url,
        @Nullable String key,
        @Nullable String prefix,
        Permission permission,
        Instant expiresAt,
        Instant createdAt,
        String createdBy,
        boolean revoked) {

    static ShareView of(Share share, String url) {
        return new ShareView(
                share.id(),
                url,
                share.key(),
                share.prefix(),
                share.permission(),
                share.expiresAt(),
                share.createdAt(),
                share.createdBy(),
                share.revoked());
    }
}
