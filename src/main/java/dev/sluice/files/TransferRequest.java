package dev.sluice.files;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/v1/move} and {@code POST /api/v1/copy}.
 *
 * @param from the key of a file, or of a folder ending in {@code /}
 * @param to the destination key; a folder's ends in {@code /} too
 * @param conflict {@code fail} (the default), {@code replace} or {@code rename}, when the destination is taken
 */
@Schema(description = "What to move or copy, and where")
record TransferRequest(
        @Schema(
                requiredMode = REQUIRED,
                description = "A file's key, or a folder's ending in `/`",
                example = "docs/a.txt")
        @Nullable
        String from,

        @Schema(
                requiredMode = REQUIRED,
                description = "The destination; ends in `/` exactly when `from` does",
                example = "archive/a.txt")
        @Nullable
        String to,

        @Schema(
                description = "When the destination is taken: `fail` (409 `conflict`, the default), `replace` (a"
                        + " folder is merged: same-named files replaced, others kept) or `rename` (`a (1).txt`)",
                allowableValues = {"fail", "replace", "rename"},
                example = "fail")
        @Nullable
        String conflict) {}
