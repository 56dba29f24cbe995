package dev.sluice.storage;

/**
 * What a folder operation (move, copy, recursive delete) did.
 *
 * @param files the objects moved, copied or deleted by this call (on a repeated S3 move, those of this call only)
 * @param bytes their total size
 */
public record FolderSummary(long files, long bytes) {

    /** Nothing was done: an empty folder. */
    public static final FolderSummary EMPTY = new FolderSummary(0, 0);

    /** This summary plus one object of {@code size} bytes. */
    public FolderSummary plus(long size) {
        return new FolderSummary(files + 1, bytes + size);
    }

    /** The sum of two summaries. */
    public FolderSummary plus(FolderSummary other) {
        return new FolderSummary(files + other.files, bytes + other.bytes);
    }
}
