package dev.sluice.storage;

/** The {@link Precondition} of a write or delete did not hold for the current object. */
public final class PreconditionFailedException extends StorageException {

    public PreconditionFailedException(String message) {
        super(message);
    }

    public PreconditionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
