package dev.sluice.upload;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The upload limits a client needs to know before it sends anything, as {@code GET /api/v1/limits} shows them.
 *
 * @param maxFileSize the largest object one upload may create, in bytes
 * @param maxParts the most files one multipart request may carry
 * @param resumableThreshold files at least this large are sent by the browser page as tus uploads, in bytes
 * @param resumableChunkSize the size of the page's tus chunks, in bytes
 */
@Schema(name = "UploadLimits", description = "The upload limits of this server")
public record UploadLimits(
        @Schema(
                description = "The largest object one upload may create, in bytes",
                example = "10737418240",
                requiredMode = Schema.RequiredMode.REQUIRED)
        long maxFileSize,

        @Schema(
                description = "The most files one multipart request may carry",
                example = "1000",
                requiredMode = Schema.RequiredMode.REQUIRED)
        int maxParts,

        @Schema(
                description = "Files at least this large go through tus (/api/v1/uploads) from the browser page, in"
                        + " bytes",
                example = "33554432",
                requiredMode = Schema.RequiredMode.REQUIRED)
        long resumableThreshold,

        @Schema(
                description = "The size of the browser page's tus chunks, in bytes",
                example = "52428800",
                requiredMode = Schema.RequiredMode.REQUIRED)
        long resumableChunkSize) {

    public static UploadLimits of(UploadProperties properties, UploadsProperties resumable) {
        return new UploadLimits(
                properties.maxFileSize().toBytes(),
                properties.maxParts(),
                resumable.pageThreshold().toBytes(),
                resumable.pageChunkSize().toBytes());
    }
}
