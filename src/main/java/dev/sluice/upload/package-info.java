/**
 * Uploads: the policy every upload passes ({@link dev.sluice.upload.UploadService}: size limits, free space, digests
 * to verify, content types) and the multipart intake, several files in one {@code multipart/form-data} POST streamed
 * part by part to storage, used by the v1 API and by upload links.
 */
@NullMarked
package dev.sluice.upload;

import org.jspecify.annotations.NullMarked;
