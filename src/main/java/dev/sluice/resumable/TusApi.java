package dev.sluice.resumable;

import static io.swagger.v3.oas.annotations.enums.ParameterIn.HEADER;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The OpenAPI description of {@link TusController}: tus 1.0.0 as Swagger UI can drive it (create an upload, send a
 * chunk as a file, ask for the offset). The header parameters are declared so that Swagger UI has fields for them;
 * the controller reads them from the request.
 */
@Tag(name = "uploads", description = "Resumable uploads (tus 1.0.0)")
interface TusApi {

    String TUS_RESUMABLE_DOC = "Must be `1.0.0` (else 412 `tus-version`)";

    @Operation(
            operationId = "tusOptions",
            summary = "What this tus server speaks",
            description = "`Tus-Version`, `Tus-Extension`, `Tus-Max-Size` and `Tus-Checksum-Algorithm`; needs no"
                    + " credentials.",
            security = {})
    @ApiResponse(
            responseCode = "200",
            description = "The server's tus capabilities",
            headers = {
                @Header(name = "Tus-Version", schema = @Schema(type = "string", example = "1.0.0")),
                @Header(
                        name = "Tus-Extension",
                        schema =
                                @Schema(
                                        type = "string",
                                        example = "creation,creation-with-upload,creation-defer-length,termination,"
                                                + "expiration,checksum,concatenation")),
                @Header(name = "Tus-Max-Size", schema = @Schema(type = "integer", format = "int64")),
                @Header(name = "Tus-Checksum-Algorithm", schema = @Schema(type = "string", example = "sha1,sha256,md5"))
            })
    ResponseEntity<Void> options();

    @Operation(
            operationId = "createUpload",
            summary = "Create a resumable upload (tus creation)",
            description = """
                    Creates an upload of `Upload-Length` bytes (or `Upload-Defer-Length: 1`) and answers its URL in \
                    `Location`. `Upload-Metadata` is comma-separated `key base64(value)` pairs: `filename` \
                    (required), `filetype`, `prefix` (target folder, empty or ending in `/`) and `conflict` \
                    (`rename`, default, `replace` or `fail`). A body of `application/offset+octet-stream` is the \
                    first chunk (creation-with-upload). `Upload-Concat: partial` creates a partial upload, \
                    `Upload-Concat: final;<url> <url>` joins finished partial uploads into the file.""",
            parameters = {
                @Parameter(
                        in = HEADER,
                        name = "Tus-Resumable",
                        required = true,
                        description = TUS_RESUMABLE_DOC,
                        schema = @Schema(type = "string", example = "1.0.0")),
                @Parameter(
                        in = HEADER,
                        name = "Upload-Length",
                        description = "The upload's length in bytes",
                        schema = @Schema(type = "integer", format = "int64")),
                @Parameter(
                        in = HEADER,
                        name = "Upload-Defer-Length",
                        description = "`1`: the length is declared by a later PATCH",
                        schema = @Schema(type = "string", allowableValues = "1")),
                @Parameter(
                        in = HEADER,
                        name = "Upload-Metadata",
                        description = "`filename <base64>,filetype <base64>,prefix <base64>,conflict <base64>`",
                        schema = @Schema(type = "string", example = "filename aGVsbG8udHh0")),
                @Parameter(
                        in = HEADER,
                        name = "Upload-Concat",
                        description = "`partial`, or `final;<url> <url>` of finished partial uploads",
                        schema = @Schema(type = "string"))
            })
    @ApiResponse(
            responseCode = "201",
            description = "Created; `Location` is the upload URL",
            headers = {
                @Header(name = "Location", schema = @Schema(type = "string", format = "uri")),
                @Header(name = "Upload-Expires", schema = @Schema(type = "string")),
                @Header(name = "Upload-Offset", schema = @Schema(type = "integer", format = "int64"))
            })
    @ApiResponse(responseCode = "400", description = """
            `invalid-header`: a missing or malformed `Upload-Length`, `Upload-Metadata` (or no `filename`), \
            `Upload-Concat` or `Upload-Checksum`; `invalid-key`: an invalid prefix or filename; `invalid-request`: \
            a partial upload of a final one that is not finished""")
    @ApiResponse(responseCode = "403", description = """
            `upload-quota`: too many unfinished uploads, or too many bytes in them; `final-upload`: a body in the \
            creation of a final upload""")
    @ApiResponse(responseCode = "409", description = "`conflict`: the file exists and `conflict=fail`")
    @ApiResponse(responseCode = "412", description = "`tus-version`: no `Tus-Resumable: 1.0.0`")
    @ApiResponse(responseCode = "413", description = "`too-large`: `Upload-Length` over `sluice.upload.max-file-size`")
    @ApiResponse(responseCode = "507", description = "`insufficient-storage`: not enough free space for the upload")
    Mono<ResponseEntity<Object>> create(ServerWebExchange exchange);

    @Operation(operationId = "uploadOffset", summary = "The upload's offset (tus HEAD)", description = """
                    `Upload-Offset`, `Upload-Length` (or `Upload-Defer-Length`), `Upload-Metadata`, and once the \
                    file is stored `Sluice-Key` (the object's percent-encoded key: `conflict=rename` may have \
                    renamed it) and `Content-Location`. Only the upload's creator sees it; anyone else gets 404.""")
    @ApiResponse(
            responseCode = "200",
            description = "The upload's state",
            headers = {
                @Header(name = "Upload-Offset", schema = @Schema(type = "integer", format = "int64")),
                @Header(name = "Upload-Length", schema = @Schema(type = "integer", format = "int64")),
                @Header(name = "Sluice-Key", schema = @Schema(type = "string"))
            })
    @ApiResponse(responseCode = "404", description = "`not-found`: no such upload (or not yours, or expired)")
    Mono<ResponseEntity<Object>> head(@Parameter(description = "The upload's id") String id);

    @Operation(
            operationId = "uploadChunk",
            summary = "Send a chunk (tus PATCH)",
            description = """
                    Writes the body at `Upload-Offset`, which must be the upload's offset. A chunk cut off is kept \
                    as far as it arrived (without `Upload-Checksum`); a HEAD tells where to go on. The response to \
                    the last chunk carries `Sluice-Key` and `Content-Location`: the file is stored, like a PUT.""",
            parameters = {
                @Parameter(
                        in = HEADER,
                        name = "Tus-Resumable",
                        required = true,
                        description = TUS_RESUMABLE_DOC,
                        schema = @Schema(type = "string", example = "1.0.0")),
                @Parameter(
                        in = HEADER,
                        name = "Upload-Offset",
                        required = true,
                        description = "Where the chunk starts: the upload's offset",
                        schema = @Schema(type = "integer", format = "int64", example = "0")),
                @Parameter(
                        in = HEADER,
                        name = "Upload-Length",
                        description = "Declares a deferred upload's length",
                        schema = @Schema(type = "integer", format = "int64")),
                @Parameter(
                        in = HEADER,
                        name = "Upload-Checksum",
                        description =
                                "`sha1|sha256|md5 <base64 digest of the chunk>`; a mismatch is 460 and discards the"
                                        + " chunk",
                        schema = @Schema(type = "string"))
            })
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            description = "The chunk's bytes",
            content =
                    @Content(
                            mediaType = TusHeaders.OFFSET_OCTET_STREAM,
                            schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(
            responseCode = "204",
            description = "Saved; `Upload-Offset` is the new offset",
            headers = {
                @Header(name = "Upload-Offset", schema = @Schema(type = "integer", format = "int64")),
                @Header(name = "Upload-Expires", schema = @Schema(type = "string")),
                @Header(name = "Sluice-Key", schema = @Schema(type = "string")),
                @Header(name = "Content-Location", schema = @Schema(type = "string"))
            })
    @ApiResponse(responseCode = "400", description = """
            `invalid-header`: a missing or malformed `Upload-Offset`, `Upload-Length` or `Upload-Checksum` (an \
            algorithm other than sha1, sha256, md5)""")
    @ApiResponse(responseCode = "403", description = "`final-upload`: a final upload takes no chunks")
    @ApiResponse(responseCode = "404", description = "`not-found`: no such upload (or not yours, or expired)")
    @ApiResponse(responseCode = "409", description = """
            `offset-mismatch`: `Upload-Offset` is not the upload's offset; `upload-busy`: another request writes \
            it now (both with `Upload-Offset`); `conflict`: the file exists and `conflict=fail`""")
    @ApiResponse(responseCode = "412", description = "`tus-version`: no `Tus-Resumable: 1.0.0`")
    @ApiResponse(responseCode = "413", description = "`too-large`: the chunk passes the upload's length")
    @ApiResponse(responseCode = "415", description = """
            `unsupported-media-type`: not `application/offset+octet-stream`; `unsupported-encoding`: a \
            `Content-Encoding`""")
    @ApiResponse(responseCode = "507", description = "`insufficient-storage`: not enough free space for the chunk")
    Mono<ResponseEntity<Object>> patch(
            ServerWebExchange exchange, @Parameter(description = "The upload's id") String id);

    @Operation(
            operationId = "terminateUpload",
            summary = "Terminate an upload (tus termination)",
            description = "Removes the upload and its bytes; a file it already stored stays.",
            parameters =
                    @Parameter(
                            in = HEADER,
                            name = "Tus-Resumable",
                            required = true,
                            description = TUS_RESUMABLE_DOC,
                            schema = @Schema(type = "string", example = "1.0.0")))
    @ApiResponse(responseCode = "204", description = "Terminated")
    @ApiResponse(responseCode = "404", description = "`not-found`: no such upload (or not yours, or expired)")
    @ApiResponse(responseCode = "409", description = "`upload-busy`: another request writes it now")
    @ApiResponse(responseCode = "412", description = "`tus-version`: no `Tus-Resumable: 1.0.0`")
    Mono<ResponseEntity<Object>> delete(
            ServerWebExchange exchange, @Parameter(description = "The upload's id") String id);
}
