package dev.sluice.storage;

/**
 * The errors a store reports. Backends translate their own failures (I/O errors, S3 error codes) into these at
 * their boundary, so that the web layer maps one closed set of types to HTTP problems.
 */
public abstract sealed class StorageException extends RuntimeException
        permits InvalidKeyException,
                ObjectNotFoundException,
                KeyFolderConflictException,
                PreconditionFailedException,
                InsufficientStorageException,
                StorageIoException,
                TargetExistsException,
                FolderNotEmptyException,
                FolderTooLargeException {

    protected StorageException(String message) {
        super(message);
    }

    protected StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
