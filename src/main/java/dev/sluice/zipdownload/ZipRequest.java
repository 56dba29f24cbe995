package dev.sluice.zipdownload;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/v1/zips}.
 *
 * @param items keys, and folders ending in {@code /} ({@code ""} for everything the caller may read)
 */
record ZipRequest(@Nullable List<@Nullable String> items) {}
