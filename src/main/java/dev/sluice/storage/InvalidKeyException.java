package dev.sluice.storage;

/** A key or prefix that breaks the rules of {@link ObjectKey}. */
public final class InvalidKeyException extends StorageException {

    public InvalidKeyException(String message) {
        super(message);
    }

    public InvalidKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
