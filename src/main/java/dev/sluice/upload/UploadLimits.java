package dev.sluice.upload;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The upload limits a client needs to know before it sends anything, as {@code GET /api/v1/limits} shows them.
 *
 * @param maxFileSize the largest object one upload may create, in bytes
 * @param maxParts the most files one multipart request may carry
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
        int maxParts) {

    public static UploadLimits of(UploadProperties properties) {
        return new UploadLimits(properties.maxFileSize().toBytes(), properties.maxParts());
    }
}
