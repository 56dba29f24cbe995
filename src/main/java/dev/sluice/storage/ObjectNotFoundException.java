package dev.sluice.storage;

/** No object is stored at the key. */
public final class ObjectNotFoundException extends StorageException {

    public ObjectNotFoundException(String message) {
        super(message);
    }

    public ObjectNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
