package dev.sluice.storage;

/** A store failed for a reason the client cannot fix (an I/O error, an unreachable backend): a server error. */
public sealed class StorageIoException extends StorageException permits ObjectChangedException {

    public StorageIoException(String message, Throwable cause) {
        super(message, cause);
    }
}
