package dev.sluice.files;

import static io.swagger.v3.oas.annotations.enums.ParameterIn.HEADER;
import static io.swagger.v3.oas.annotations.enums.ParameterIn.QUERY;

import dev.sluice.web.FileInfo;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The OpenAPI description of {@link FoldersController}: folders, and moving, renaming and copying files and folders.
 * The {@code path} parameter is declared by {@code dev.sluice.web.OpenApiConfiguration}.
 */
@Tag(name = "folders", description = "Folders; move, rename and copy files and folders")
interface FoldersApi {

    String JSON = MediaType.APPLICATION_JSON_VALUE;

    String CONDITIONS = """
            On a file source: `If-Match` (strong), `If-Unmodified-Since` and `If-None-Match` are tested against \
            it before anything changes (412 `precondition-failed`). A folder has no entity tag: any condition on \
            a folder is 412.""";

    @Operation(operationId = "createFolder", summary = "Create a folder and its parents", description = """
                    An empty folder stays, and is listed, until it is deleted; deleting the files in a folder keeps \
                    the folder. Local disk: a directory; S3: a zero-byte marker object at `path/`.""")
    @ApiResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = FolderView.class)))
    @ApiResponse(
            responseCode = "200",
            description = "It existed already",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = FolderView.class)))
    @ApiResponse(responseCode = "400", description = "`invalid-key`")
    @ApiResponse(
            responseCode = "409",
            description = "`key-folder-conflict`: a file is at the folder's key or at one of its parents")
    Mono<ResponseEntity<FolderView>> createFolder(ServerWebExchange exchange);

    @Operation(
            operationId = "deleteFolder",
            summary = "Delete a folder",
            description = """
                    An empty folder; with `recursive=true`, everything in it too (on S3 object by object: a failure \
                    part way leaves the rest, and the same request deletes it).""",
            parameters =
                    @Parameter(
                            in = QUERY,
                            name = "recursive",
                            description = "Delete what the folder holds too",
                            schema = @Schema(type = "boolean", defaultValue = "false")))
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "400", description = "`invalid-key`, `invalid-request`")
    @ApiResponse(responseCode = "404", description = "`not-found`: no folder there")
    @ApiResponse(
            responseCode = "409",
            description = "`folder-not-empty`: it holds something and `recursive` is not true")
    Mono<ResponseEntity<Void>> deleteFolder(ServerWebExchange exchange, boolean recursive);

    @Operation(
            operationId = "move",
            summary = "Move or rename a file or a folder",
            description = """
                    JSON `{"from": "a/b.txt", "to": "c/d.txt", "conflict": "fail"}`; a folder ends in `/` on both \
                    sides. The destination's missing folders are created. Local disk: one atomic rename (a folder \
                    into a new place too). S3: server-side copies, each source deleted only once its copy is \
                    complete, so nothing is lost at any point; an interrupted folder move is completed by the same \
                    request repeated. Both keys must be within the caller's home.
                    """ + CONDITIONS,
            parameters = {
                @Parameter(
                        in = HEADER,
                        name = "If-Match",
                        description = "Only if the source file has this entity tag (strong comparison); else 412",
                        schema = @Schema(type = "string")),
                @Parameter(
                        in = HEADER,
                        name = "If-None-Match",
                        description = "412 if the source file's entity tag matches or it is `*`",
                        schema = @Schema(type = "string")),
                @Parameter(
                        in = HEADER,
                        name = "If-Unmodified-Since",
                        description = "Without `If-Match`: 412 if the source file was modified since",
                        schema = @Schema(type = "string"))
            })
    @ApiResponse(
            responseCode = "200",
            description = "Moved: the file's `FileInfo` (with `Location`), or a folder's summary",
            content = @Content(mediaType = JSON, schema = @Schema(oneOf = {FileInfo.class, FolderTransfer.class})))
    @ApiResponse(responseCode = "400", description = "`invalid-key`, `invalid-request` (a folder into itself)")
    @ApiResponse(responseCode = "404", description = "`not-found`: nothing at `from`")
    @ApiResponse(
            responseCode = "409",
            description = "`conflict` (the destination is taken, `conflict=fail`), `key-folder-conflict`,"
                    + " `folder-too-large`")
    @ApiResponse(responseCode = "412", description = "`precondition-failed`")
    @ApiResponse(responseCode = "415", description = "`unsupported-media-type`: the body is not JSON")
    Mono<ResponseEntity<Object>> move(TransferRequest request, ServerWebExchange exchange);

    @Operation(
            operationId = "copy",
            summary = "Copy a file or a folder",
            description = """
                    Like a move, but the source stays. Each file is published atomically, with its SHA-256 and \
                    CRC-32 known at once (local disk: streamed through the store; S3: server-side, `CopyObject` or \
                    `UploadPartCopy` above 5 GB). A folder copy is not atomic as a whole; empty folders are copied \
                    too.
                    """ + CONDITIONS,
            parameters = {
                @Parameter(
                        in = HEADER,
                        name = "If-Match",
                        description = "Only if the source file has this entity tag (strong comparison); else 412",
                        schema = @Schema(type = "string")),
                @Parameter(
                        in = HEADER,
                        name = "If-None-Match",
                        description = "412 if the source file's entity tag matches or it is `*`",
                        schema = @Schema(type = "string")),
                @Parameter(
                        in = HEADER,
                        name = "If-Unmodified-Since",
                        description = "Without `If-Match`: 412 if the source file was modified since",
                        schema = @Schema(type = "string"))
            })
    @ApiResponse(
            responseCode = "200",
            description = "Copied: the copy's `FileInfo` (with `Location`), or a folder's summary",
            content = @Content(mediaType = JSON, schema = @Schema(oneOf = {FileInfo.class, FolderTransfer.class})))
    @ApiResponse(responseCode = "400", description = "`invalid-key`, `invalid-request` (a folder into itself)")
    @ApiResponse(responseCode = "404", description = "`not-found`: nothing at `from`")
    @ApiResponse(
            responseCode = "409",
            description = "`conflict` (the destination is taken, `conflict=fail`), `key-folder-conflict`,"
                    + " `folder-too-large`")
    @ApiResponse(responseCode = "412", description = "`precondition-failed`")
    @ApiResponse(responseCode = "415", description = "`unsupported-media-type`: the body is not JSON")
    @ApiResponse(responseCode = "507", description = "`insufficient-storage`")
    Mono<ResponseEntity<Object>> copy(TransferRequest request, ServerWebExchange exchange);
}
