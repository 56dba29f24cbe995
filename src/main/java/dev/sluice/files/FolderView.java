package dev.sluice.files;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A folder as {@code PUT /api/v1/folders/{path}} answers.
 *
 * @param prefix the folder's key with its trailing {@code /}, the {@code prefix} that lists it
 */
@Schema(description = "A folder")
record FolderView(
        @Schema(requiredMode = REQUIRED, description = "The folder, ending in `/`", example = "photos/2026/")
        String prefix) {}
