package dev.sluice.storage.s3;

import dev.sluice.storage.ObjectKey;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A body of at most one part, held in its part buffer (and the budget's permit for it) until the publish sends it
 * with one PutObject to its key, or the discard drops it. Holding it costs no request and leaves nothing on the
 * server to clean up; the permit keeps the memory within the part budget meanwhile.
 *
 * @param bytes the content is {@code bytes[0..length)}
 * @param permit the budget's permit for the buffer; null for an empty body
 */
record S3HeldObject(
        ObjectKey target,
        String s3Key,
        byte[] bytes,
        int length,
        PartBudget.@Nullable Permit permit,
        String sha256,
        long crc32,
        String contentType,
        AtomicBoolean released)
        implements S3DirectObject {

    S3HeldObject(
            ObjectKey target,
            String s3Key,
            byte[] bytes,
            int length,
            PartBudget.@Nullable Permit permit,
            String sha256,
            long crc32,
            String contentType) {
        this(target, s3Key, bytes, length, permit, sha256, crc32, contentType, new AtomicBoolean());
    }

    @Override
    public long size() {
        return length;
    }

    /** The content, for one request body; valid until {@link #release()}. */
    ByteBuffer content() {
        return ByteBuffer.wrap(bytes, 0, length).asReadOnlyBuffer();
    }

    /** Gives the part buffer back to the budget. Idempotent. */
    void release() {
        if (released.compareAndSet(false, true) && permit != null) {
            permit.release();
        }
    }
}
