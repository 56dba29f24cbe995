package dev.sluice.shares;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/v1/shares}.
 *
 * @param key the one key to share (read links only), or
 * @param prefix a folder ending in {@code /} (or empty for everything)
 * @param expiresIn an ISO-8601 duration such as {@code PT1H}, at most {@code sluice.shares.max-expiry}
 * @param permission {@code read} or {@code upload}
 */
record ShareRequest(
        @Nullable String key,
        @Nullable String prefix,
        @Nullable String expiresIn,
        @Nullable String permission) {}
