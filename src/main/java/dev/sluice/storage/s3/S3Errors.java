package dev.sluice.storage.s3;

import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.PreconditionFailedException;
import dev.sluice.storage.StorageException;
import dev.sluice.storage.StorageIoException;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Translates the SDK's failures into the storage package's exceptions: the backend's error boundary. */
final class S3Errors {

    private S3Errors() {}

    /** The SDK failure behind {@code error}, with completion wrappers removed. */
    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    static boolean isNotFound(Throwable error) {
        Throwable cause = unwrap(error);
        return cause instanceof NoSuchKeyException || cause instanceof S3Exception s3 && s3.statusCode() == 404;
    }

    /**
     * 412, or AWS's 409 ConditionalRequestConflict: a conditional write (If-None-Match/If-Match) that lost a race
     * with another write of the same key, which for the caller is the same outcome as a failed precondition.
     */
    static boolean isPreconditionFailed(Throwable error) {
        return unwrap(error) instanceof S3Exception s3
                && (s3.statusCode() == 412
                        || s3.statusCode() == 409
                                && s3.awsErrorDetails() != null
                                && "ConditionalRequestConflict"
                                        .equals(s3.awsErrorDetails().errorCode()));
    }

    /**
     * NoSuchKey or 404 becomes {@link ObjectNotFoundException}, 412 {@link PreconditionFailedException}, any other
     * SDK failure {@link StorageIoException}; storage exceptions and non-SDK errors pass unchanged.
     */
    static Throwable translate(Throwable error, String what) {
        Throwable cause = unwrap(error);
        if (cause instanceof StorageException) {
            return cause;
        }
        if (isNotFound(cause)) {
            return new ObjectNotFoundException(what + ": no such object", cause);
        }
        if (isPreconditionFailed(cause)) {
            return new PreconditionFailedException(what + ": the object changed (precondition failed)", cause);
        }
        if (cause instanceof SdkException) {
            return new StorageIoException(what + " failed: " + cause.getMessage(), cause);
        }
        return cause;
    }
}
