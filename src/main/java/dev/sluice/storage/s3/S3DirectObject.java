package dev.sluice.storage.s3;

import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.StagedObject;

/**
 * Content staged straight toward its own key, not under {@code .sluice/staging/}: nothing of it is visible until the
 * publish writes it ({@link S3HeldObject}) or completes it ({@link S3OpenUpload}) at that key, so an upload is one
 * pass over its bytes on the S3 server.
 */
sealed interface S3DirectObject extends StagedObject permits S3HeldObject, S3OpenUpload {

    /** The key the content was staged toward; it can be published there only. */
    ObjectKey target();

    /** The full S3 key of {@link #target()}. */
    String s3Key();

    /** The content's CRC-32 (ZIP's checksum), computed as it streamed in and stored with the object. */
    long crc32();
}
