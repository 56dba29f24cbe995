package dev.sluice.files;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a listing.
 *
 * @param items objects on this page
 * @param prefixes sub-folders on this page (with {@code delimiter=/})
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
public record FileListing(List<FileInfo> items, List<String> prefixes, @Nullable String nextCursor) {
}
