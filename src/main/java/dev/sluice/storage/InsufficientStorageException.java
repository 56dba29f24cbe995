package dev.sluice.storage;

/** The store has no room for the content: the disk is full, or free space would fall below its threshold. */
public final class InsufficientStorageException extends StorageException {

    public InsufficientStorageException(String message) {
        super(message);
    }

    public InsufficientStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
