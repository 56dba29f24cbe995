package dev.sluice.files;

/**
 * The upload limits a client needs to know before it sends anything, as {@code GET /api/v1/limits} shows them.
 *
 * @param maxFileSize the largest object one upload may create, in bytes
 * @param maxParts the most files one multipart request may carry
 */
public record UploadLimits(long maxFileSize, int maxParts) {

    public static UploadLimits of(UploadProperties properties) {
        return new UploadLimits(properties.maxFileSize().toBytes(), properties.maxParts());
    }
}
