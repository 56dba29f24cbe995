/**
 * Folders and selections downloaded as one ZIP (issue #15): {@code GET /api/v1/zip/{path}}, the signed URLs of
 * {@code POST /api/v1/zips}, and the ZIP of a folder share link. It walks the store's listings into entries
 * ({@link dev.sluice.zipdownload.ArchiveEntries}) and hands them to the writer of {@code dev.sluice.zip}: a laid-out
 * archive (exact size, strong ETag, ranges) when every CRC-32 is known, else a stream with data descriptors.
 */
@NullMarked
package dev.sluice.zipdownload;

import org.jspecify.annotations.NullMarked;
