package dev.sluice.storage.s3;

import dev.sluice.storage.StagedObject;
import org.jspecify.annotations.Nullable;

/**
 * Content completely uploaded to a staging key of the bucket ({@code <keyPrefix>.sluice/staging/<id>}), invisible
 * under any object key.
 *
 * @param stagingKey the full S3 key of the staged content
 * @param versionId its version in a versioned bucket, so that removing it leaves no noncurrent version behind;
 *     null otherwise
 * @param crc32 the content's CRC-32 (ZIP's checksum), computed as it streamed in, stored with the object
 */
record S3StagedObject(
        String stagingKey, @Nullable String versionId, long size, String sha256, long crc32, String contentType)
        implements StagedObject {}
