package dev.sluice.files;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.sluice.web.FileInfo;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a listing.
 *
 * @param items objects on this page
 * @param prefixes sub-folders on this page (with {@code delimiter=/})
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
@Schema(description = "One page of a listing")
public record FileListing(
        @Schema(requiredMode = REQUIRED, description = "Objects on this page, in UTF-8 byte order of their keys")
        List<FileInfo> items,

        @ArraySchema(
                arraySchema =
                        @Schema(
                                requiredMode = REQUIRED,
                                description = "Sub-folders on this page (with " + "`delimiter=/`), each ending in `/`"),
                schema = @Schema(example = "docs/drafts/"))
        List<String> prefixes,

        @Schema(nullable = true, description = "Pass as `cursor` for the next page; null on the last page") @Nullable
        String nextCursor) {}
