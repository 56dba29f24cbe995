package dev.sluice.storage;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A page of a listing, in UTF-8 byte order of keys and prefixes together.
 *
 * @param items the objects on this page
 * @param prefixes the sub-folders on this page, each ending in {@code /} (delimited listings only)
 * @param last the greatest key or prefix on this page, to pass as {@link ListQuery#startAfter} for the next
 *     page; null when this is the last page
 */
public record ListPage(
        List<ObjectInfo> items,
        List<String> prefixes,
        @Nullable String last) {}
