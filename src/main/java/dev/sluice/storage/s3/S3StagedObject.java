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
 */
record S3StagedObject(String stagingKey, @Nullable String versionId, long size, String sha256, String contentType)
        implements StagedObject {}
