package dev.sluice.storage;

/** The destination of a move or copy is taken and the caller asked not to overwrite it ({@link Overwrite#NEVER}). */
public final class TargetExistsException extends StorageException {

    public TargetExistsException(String message) {
        super(message);
    }
}
