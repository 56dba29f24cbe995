package dev.sluice.storage.s3;

import dev.sluice.storage.ObjectKey;
import java.util.List;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * A body of several parts, every part sent to a multipart upload at its own key and none of it visible: the publish
 * completes the upload (the one request that makes the object appear, atomically), the discard aborts it.
 *
 * @param uploadId the open multipart upload
 * @param parts its parts, in order, with the ETags UploadPart returned
 */
record S3OpenUpload(
        ObjectKey target,
        String s3Key,
        String uploadId,
        List<CompletedPart> parts,
        long size,
        String sha256,
        long crc32,
        String contentType)
        implements S3DirectObject {}
