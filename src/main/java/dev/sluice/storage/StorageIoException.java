package dev.sluice.storage;

/** A store failed for a reason the client cannot fix (an I/O error, an unreachable backend): a server error. */
public final class StorageIoException extends StorageException {

    public StorageIoException(String message, Throwable cause) {
        super(message, cause);
    }
}
