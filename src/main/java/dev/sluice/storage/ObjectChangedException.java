package dev.sluice.storage;

/**
 * The version of an object that was opened is gone before its bytes were read (replaced or deleted by another
 * writer). A backend that cannot pin an open version (S3 without versioning: a read is a new request, made with
 * {@code If-Match}) reports this; a caller that has sent nothing yet may open the key again and serve the new
 * version with its own headers.
 */
public final class ObjectChangedException extends StorageIoException {

    public ObjectChangedException(String message, Throwable cause) {
        super(message, cause);
    }
}
