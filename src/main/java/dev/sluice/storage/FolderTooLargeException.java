package dev.sluice.storage;

/**
 * A folder operation that a backend does object by object (a move or copy on S3) would pass the backend's bound on
 * the number of objects; refused before anything changed.
 */
public final class FolderTooLargeException extends StorageException {

    public FolderTooLargeException(String message) {
        super(message);
    }
}
