package dev.sluice.files;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a folder move or copy did.
 *
 * @param from the source folder, ending in {@code /}
 * @param to where it went, ending in {@code /} (with {@code conflict=rename}, maybe a numbered name)
 * @param files the files moved or copied by this request
 * @param bytes their total size
 */
@Schema(description = "A folder moved or copied")
record FolderTransfer(
        @Schema(requiredMode = REQUIRED, example = "photos/2025/")
        String from,

        @Schema(requiredMode = REQUIRED, example = "archive/2025/")
        String to,

        @Schema(requiredMode = REQUIRED, description = "Files moved or copied by this request", example = "120")
        long files,

        @Schema(requiredMode = REQUIRED, description = "Their total size in bytes", example = "734003200")
        long bytes) {}
