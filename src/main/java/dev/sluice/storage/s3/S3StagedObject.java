package dev.sluice.storage.s3;

import dev.sluice.storage.StagedObject;

/**
 * Content completely uploaded to a staging key of the bucket ({@code <keyPrefix>.sluice/staging/<id>}), invisible
 * under any object key.
 *
 * @param stagingKey the full S3 key of the staged content
 */
record S3StagedObject(String stagingKey, long size, String sha256, String contentType) implements StagedObject {
}
