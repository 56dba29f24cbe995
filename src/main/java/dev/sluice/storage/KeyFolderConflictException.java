package dev.sluice.storage;

/** The write would make a key both an object and a folder ({@code a} and {@code a/b}). */
public final class KeyFolderConflictException extends StorageException {

    public KeyFolderConflictException(String message) {
        super(message);
    }

    public KeyFolderConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
