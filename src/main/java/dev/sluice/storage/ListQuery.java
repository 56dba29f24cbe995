package dev.sluice.storage;

import org.jspecify.annotations.Nullable;

/**
 * One page of a listing.
 *
 * @param prefix keys start with this string (validated by {@link ObjectKey#validatePrefix}); empty for all
 * @param delimited when true, keys with a {@code /} after the prefix fold into sub-folder prefixes
 * @param startAfter return only keys and folder prefixes that sort after this one (UTF-8 byte order); null to
 *     start at the beginning
 * @param limit the most items plus prefixes to return, at least 1
 */
public record ListQuery(
        String prefix, boolean delimited, @Nullable String startAfter, int limit) {

    public ListQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
    }
}
