package dev.sluice.storage.local;

import dev.sluice.storage.InsufficientStorageException;
import dev.sluice.storage.StorageException;
import dev.sluice.storage.StorageIoException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;

/**
 * Turns I/O failures into the storage package's errors, by exception type and, where the JDK has no type for the
 * case, by the {@code errno} reason it carries ({@link FileSystemException#getReason()} is {@code strerror(errno)},
 * fixed per errno), never by searching message text.
 */
final class IoErrors {

    /** strerror(ENOSPC) and strerror(EDQUOT) on Linux. */
    private static final String NO_SPACE = "No space left on device";

    private static final String QUOTA = "Disk quota exceeded";
    /** strerror(ENOTDIR): a folder on the way is a file. */
    private static final String NOT_A_DIRECTORY = "Not a directory";

    private IoErrors() {}

    static Throwable translate(Throwable error) {
        if (error instanceof StorageException) {
            return error;
        }
        if (error instanceof IOException io && isNoSpace(io)) {
            return new InsufficientStorageException("The storage disk is full", io);
        }
        if (error instanceof AccessDeniedException) {
            return new StorageIoException("Permission denied in the storage root: " + error.getMessage(), error);
        }
        if (error instanceof IOException) {
            return new StorageIoException("Storage I/O failed: " + error.getMessage(), error);
        }
        return error;
    }

    static boolean isNotDirectory(FileSystemException e) {
        return e instanceof NotDirectoryException || NOT_A_DIRECTORY.equals(e.getReason());
    }

    /**
     * Whether the disk (or quota) is full. {@code FileSystemException}s carry the errno reason; a failed
     * {@code write(2)} through a channel surfaces as a plain {@code IOException} whose message is that same
     * {@code strerror} text, and nothing else, so it is compared whole.
     */
    static boolean isNoSpace(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String reason = t instanceof FileSystemException fs ? fs.getReason() : t.getMessage();
            if (NO_SPACE.equals(reason) || QUOTA.equals(reason)) {
                return true;
            }
        }
        return false;
    }
}
