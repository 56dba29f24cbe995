package dev.sluice.storage;

/** A folder to delete without {@code recursive} still holds objects or folders. */
public final class FolderNotEmptyException extends StorageException {

    public FolderNotEmptyException(String message) {
        super(message);
    }
}
