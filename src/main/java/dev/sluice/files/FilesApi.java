package dev.sluice.files;

import static io.swagger.v3.oas.annotations.enums.ParameterIn.HEADER;
import static io.swagger.v3.oas.annotations.enums.ParameterIn.QUERY;

import dev.sluice.web.FileInfo;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The OpenAPI description of {@link FilesController}, kept apart so the controller reads as behaviour. Error
 * responses name their problem {@code code}s in backticks; {@code dev.sluice.web.ProblemResponses} adds the
 * problem body and an example for each. The {@code key} path parameter is declared once, for the whole path, by
 * {@code dev.sluice.web.OpenApiConfiguration}.
 */
@Tag(name = "files", description = "Objects: upload, download, delete, list, metadata")
interface FilesApi {

    String OCTET_STREAM = MediaType.APPLICATION_OCTET_STREAM_VALUE;
    String JSON = MediaType.APPLICATION_JSON_VALUE;
    String ANY = "*/*";
    String HEADERS = "#/components/headers/";

    @Operation(
            operationId = "putFile",
            summary = "Store the request body at a key",
            description = """
                    Streams the raw request body (with Content-Length or chunked) into the object, replacing any \
                    previous version in one atomic step: a reader sees the old version or the new one, never a mix. \
                    A refused or failed upload leaves no trace. Checks that need no body (key, headers, \
                    preconditions, a Content-Length over the limit, free space) answer before the body is read, so \
                    `Expect: 100-continue` clients never send it. With `If-None-Match: *` or `If-Match` the write \
                    is atomic against concurrent writers.""",
            parameters = {
                @Parameter(in = HEADER, name = "Content-Digest", description = """
                        `sha-256` and/or `sha-512` of the body (RFC 9530), e.g. \
                        `sha-256=:LCa0a2j/xo/5m0U8HTBBNBNCLXBkg7+g+YpeiGJm564=:`; unknown algorithms are ignored. A \
                        mismatch is 400 and nothing is stored.""", schema = @Schema(type = "string")),
                @Parameter(
                        in = HEADER,
                        name = "Repr-Digest",
                        description = "Same as `Content-Digest`",
                        schema = @Schema(type = "string")),
                @Parameter(in = HEADER, name = "If-Match", description = """
                        Replace only this version (strong comparison); otherwise 412, also when the key is missing""", schema = @Schema(type = "string")),
                @Parameter(in = HEADER, name = "If-None-Match", description = """
                        `*`: create only, 412 if the key exists. An entity tag: 412 if it matches.""", schema = @Schema(type = "string")),
                @Parameter(
                        in = HEADER,
                        name = "If-Unmodified-Since",
                        description = """
                        Without `If-Match`: 412 if the object changed since (an invalid HTTP-date is ignored)""",
                        schema = @Schema(type = "string"))
            })
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            description = """
            The content, sent raw (Content-Length or chunked). Its `Content-Type` is stored as sent when it parses \
            (else 400); when absent or `application/octet-stream`, it is guessed from the key's name, else \
            `application/octet-stream`. A `Content-Range` header is refused (400), and so is a `Content-Encoding` \
            (415).""",
            content = @Content(mediaType = OCTET_STREAM, schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(
            responseCode = "200",
            description = "Replaced an existing object",
            headers = {
                @Header(name = "ETag", ref = HEADERS + "ETag"),
                @Header(name = "Last-Modified", ref = HEADERS + "Last-Modified"),
                @Header(name = "Repr-Digest", ref = HEADERS + "Repr-Digest")
            },
            content = @Content(mediaType = JSON, schema = @Schema(implementation = FileInfo.class)))
    @ApiResponse(
            responseCode = "201",
            description = "Created a new object",
            headers = {
                @Header(name = "Location", ref = HEADERS + "Location"),
                @Header(name = "ETag", ref = HEADERS + "ETag"),
                @Header(name = "Last-Modified", ref = HEADERS + "Last-Modified"),
                @Header(name = "Repr-Digest", ref = HEADERS + "Repr-Digest")
            },
            content = @Content(mediaType = JSON, schema = @Schema(implementation = FileInfo.class)))
    @ApiResponse(
            responseCode = "400",
            description = """
            `invalid-key`; `invalid-header`: a Content-Type that does not parse, or a digest field with no supported \
            algorithm (then with `Want-Content-Digest: sha-256=1`); `invalid-request`: a `Content-Range`; \
            `digest-mismatch`: the content does not match its digest, nothing was stored""",
            headers = @Header(name = "Want-Content-Digest", ref = HEADERS + "Want-Content-Digest"))
    @ApiResponse(responseCode = "409", description = """
            `key-folder-conflict`: the key is a folder, or one of its folders is an object""")
    @ApiResponse(
            responseCode = "412",
            description =
                    "`precondition-failed`: `If-Match`, `If-None-Match` or " + "`If-Unmodified-Since` does not hold")
    @ApiResponse(responseCode = "413", description = """
            `too-large`: over `sluice.upload.max-file-size`, by Content-Length before the body is read or found \
            while streaming""")
    @ApiResponse(responseCode = "415", description = "`unsupported-encoding`: the request has a `Content-Encoding`")
    @ApiResponse(responseCode = "507", description = """
            `insufficient-storage`: the disk is full, or free space would fall below \
            `sluice.storage.min-free-space`""")
    Mono<ResponseEntity<FileInfo>> put(ServerWebExchange exchange);

    @Operation(
            operationId = "getFile",
            summary = "Download an object",
            description = """
                    Streams the content with its stored Content-Type. Ranges (RFC 9110 §14): one range gives 206 \
                    with `Content-Range`; several give 206 `multipart/byteranges` (overlapping ranges coalesced); a \
                    malformed `Range` or an unknown unit is ignored (200), as is a range on an empty object. \
                    Conditions are evaluated in RFC 9110 §13.2.2 order; an invalid HTTP-date is ignored.""",
            parameters = {
                @Parameter(
                        in = QUERY,
                        name = "download",
                        description = """
                        `true`: `Content-Disposition: attachment` (save as) instead of `inline`""",
                        schema = @Schema(type = "boolean", defaultValue = "false")),
                @Parameter(
                        in = HEADER,
                        name = "Range",
                        description = "Byte ranges, at most 16, e.g. " + "`bytes=0-1023` or `bytes=0-9,-10`",
                        schema = @Schema(type = "string")),
                @Parameter(in = HEADER, name = "If-Range", description = """
                        Honour `Range` only if this entity tag matches strongly, or this date equals \
                        `Last-Modified` exactly; else send the whole content (200)""", schema = @Schema(type = "string")),
                @Parameter(
                        in = HEADER,
                        name = "If-None-Match",
                        description = "304 if an entity tag matches (weak " + "comparison) or is `*`",
                        schema = @Schema(type = "string")),
                @Parameter(
                        in = HEADER,
                        name = "If-Modified-Since",
                        description = "Without `If-None-Match`: 304 if " + "not modified since",
                        schema = @Schema(type = "string")),
                @Parameter(
                        in = HEADER,
                        name = "If-Match",
                        description = "412 unless an entity tag matches " + "(strong comparison)",
                        schema = @Schema(type = "string")),
                @Parameter(
                        in = HEADER,
                        name = "If-Unmodified-Since",
                        description = "Without `If-Match`: 412 if " + "modified since",
                        schema = @Schema(type = "string"))
            })
    @ApiResponse(
            responseCode = "200",
            description = "The whole content",
            headers = {
                @Header(name = "Content-Length", ref = HEADERS + "Content-Length"),
                @Header(name = "ETag", ref = HEADERS + "ETag"),
                @Header(name = "Last-Modified", ref = HEADERS + "Last-Modified"),
                @Header(name = "Accept-Ranges", ref = HEADERS + "Accept-Ranges"),
                @Header(name = "Repr-Digest", ref = HEADERS + "Repr-Digest"),
                @Header(name = "Cache-Control", ref = HEADERS + "Cache-Control"),
                @Header(name = "Content-Disposition", ref = HEADERS + "Content-Disposition"),
                @Header(name = "X-Content-Type-Options", ref = HEADERS + "X-Content-Type-Options"),
                @Header(name = "Content-Security-Policy", ref = HEADERS + "Content-Security-Policy")
            },
            content = @Content(mediaType = ANY, schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(
            responseCode = "206",
            description = """
            The range asked for, with `Content-Range`; several ranges as `multipart/byteranges`, each part with its \
            own `Content-Type` and `Content-Range`""",
            headers = {
                @Header(name = "Content-Range", ref = HEADERS + "Content-Range"),
                @Header(name = "Content-Length", ref = HEADERS + "Content-Length"),
                @Header(name = "ETag", ref = HEADERS + "ETag"),
                @Header(name = "Last-Modified", ref = HEADERS + "Last-Modified"),
                @Header(name = "Accept-Ranges", ref = HEADERS + "Accept-Ranges"),
                @Header(name = "Repr-Digest", ref = HEADERS + "Repr-Digest"),
                @Header(name = "Cache-Control", ref = HEADERS + "Cache-Control"),
                @Header(name = "Content-Disposition", ref = HEADERS + "Content-Disposition"),
                @Header(name = "X-Content-Type-Options", ref = HEADERS + "X-Content-Type-Options"),
                @Header(name = "Content-Security-Policy", ref = HEADERS + "Content-Security-Policy")
            },
            content = @Content(mediaType = ANY, schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(
            responseCode = "304",
            description = "Not modified (`If-None-Match` or `If-Modified-Since`); no body",
            headers = {
                @Header(name = "ETag", ref = HEADERS + "ETag"),
                @Header(name = "Last-Modified", ref = HEADERS + "Last-Modified"),
                @Header(name = "Cache-Control", ref = HEADERS + "Cache-Control")
            })
    @ApiResponse(responseCode = "400", description = "`invalid-key`; `invalid-request`: `download` is not a boolean")
    @ApiResponse(responseCode = "404", description = "`not-found`: no object at this key")
    @ApiResponse(
            responseCode = "412",
            description = "`precondition-failed`: `If-Match` or `If-Unmodified-Since` " + "does not hold")
    @ApiResponse(
            responseCode = "416",
            description = """
            `range-not-satisfiable`: none of the ranges is satisfiable, or there are more than 16; with \
            `Content-Range: bytes */<size>`""",
            headers = @Header(name = "Content-Range", ref = HEADERS + "Content-Range"))
    Mono<Void> get(ServerWebExchange exchange, boolean download);

    @Operation(
            operationId = "headFile",
            summary = "An object's download headers, without the body",
            description = "The headers the GET would answer with. `Range` is ignored on HEAD.",
            parameters = {
                @Parameter(
                        in = QUERY,
                        name = "download",
                        description = """
                        `true`: `Content-Disposition: attachment` instead of `inline`""",
                        schema = @Schema(type = "boolean", defaultValue = "false")),
                @Parameter(
                        in = HEADER,
                        name = "If-None-Match",
                        description = "304 if an entity tag matches (weak " + "comparison) or is `*`",
                        schema = @Schema(type = "string")),
                @Parameter(
                        in = HEADER,
                        name = "If-Modified-Since",
                        description = "Without `If-None-Match`: 304 if " + "not modified since",
                        schema = @Schema(type = "string")),
                @Parameter(
                        in = HEADER,
                        name = "If-Match",
                        description = "412 unless an entity tag matches " + "(strong comparison)",
                        schema = @Schema(type = "string")),
                @Parameter(
                        in = HEADER,
                        name = "If-Unmodified-Since",
                        description = "Without `If-Match`: 412 if " + "modified since",
                        schema = @Schema(type = "string"))
            })
    @ApiResponse(
            responseCode = "200",
            description = "The headers of the whole content; no body",
            headers = {
                @Header(name = "Content-Length", ref = HEADERS + "Content-Length"),
                @Header(name = "ETag", ref = HEADERS + "ETag"),
                @Header(name = "Last-Modified", ref = HEADERS + "Last-Modified"),
                @Header(name = "Accept-Ranges", ref = HEADERS + "Accept-Ranges"),
                @Header(name = "Repr-Digest", ref = HEADERS + "Repr-Digest"),
                @Header(name = "Cache-Control", ref = HEADERS + "Cache-Control"),
                @Header(name = "Content-Disposition", ref = HEADERS + "Content-Disposition"),
                @Header(name = "X-Content-Type-Options", ref = HEADERS + "X-Content-Type-Options"),
                @Header(name = "Content-Security-Policy", ref = HEADERS + "Content-Security-Policy")
            })
    @ApiResponse(
            responseCode = "304",
            description = "Not modified; no body",
            headers = {
                @Header(name = "ETag", ref = HEADERS + "ETag"),
                @Header(name = "Last-Modified", ref = HEADERS + "Last-Modified"),
                @Header(name = "Cache-Control", ref = HEADERS + "Cache-Control")
            })
    @ApiResponse(responseCode = "400", description = "`invalid-key`, `invalid-request` (no body on HEAD)")
    @ApiResponse(responseCode = "404", description = "`not-found` (no body on HEAD)")
    @ApiResponse(responseCode = "412", description = "`precondition-failed` (no body on HEAD)")
    Mono<Void> head(ServerWebExchange exchange, boolean download);

    @Operation(
            operationId = "deleteFile",
            summary = "Delete an object",
            parameters = {
                @Parameter(
                        in = HEADER,
                        name = "If-Match",
                        description = "Delete only this version (strong " + "comparison); else 412",
                        schema = @Schema(type = "string")),
                @Parameter(
                        in = HEADER,
                        name = "If-None-Match",
                        description = "412 if an entity tag matches or " + "is `*`",
                        schema = @Schema(type = "string")),
                @Parameter(
                        in = HEADER,
                        name = "If-Unmodified-Since",
                        description = "Without `If-Match`: 412 if " + "modified since",
                        schema = @Schema(type = "string"))
            })
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "400", description = "`invalid-key`")
    @ApiResponse(responseCode = "404", description = "`not-found`: no object at this key")
    @ApiResponse(responseCode = "412", description = "`precondition-failed`: a condition does not hold")
    Mono<ResponseEntity<Void>> delete(ServerWebExchange exchange);

    @Operation(
            operationId = "listFiles",
            summary = "List objects by prefix",
            description = """
                    Objects whose key starts with `prefix`, in UTF-8 byte order. With `delimiter=/`, deeper keys \
                    fold into `prefixes` (sub-folders). Follow `nextCursor` for the next page: paging never repeats \
                    or skips a key that was not changed meanwhile. In listings a backend may leave `contentType`, \
                    `etag` and `sha256` out (null).""",
            parameters = {
                @Parameter(
                        in = QUERY,
                        name = "prefix",
                        description = """
                        A string prefix of the keys, such as `photos/`, validated like a key but may end in `/`; \
                        empty lists all""",
                        schema = @Schema(type = "string", defaultValue = "")),
                @Parameter(
                        in = QUERY,
                        name = "delimiter",
                        description = """
                        `/` folds keys below the next `/` into `prefixes`; the only delimiter accepted""",
                        schema = @Schema(type = "string", allowableValues = "/")),
                @Parameter(
                        in = QUERY,
                        name = "limit",
                        description = "Items and prefixes on one page, together",
                        schema =
                                @Schema(
                                        type = "integer",
                                        format = "int32",
                                        minimum = "1",
                                        maximum = "1000",
                                        defaultValue = "100")),
                @Parameter(in = QUERY, name = "cursor", description = """
                        `nextCursor` of the previous page: opaque, bound to its prefix and delimiter""", schema = @Schema(type = "string"))
            })
    @ApiResponse(
            responseCode = "200",
            description = "One page",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = FileListing.class)))
    @ApiResponse(responseCode = "400", description = """
            `invalid-key`: an invalid prefix; `invalid-request`: another delimiter than `/`, a limit out of range, \
            or a foreign or malformed cursor""")
    Mono<FileListing> list(String prefix, @Nullable String delimiter, int limit, @Nullable String cursor);

    @Operation(
            operationId = "getMetadata",
            summary = "An object's metadata",
            description = "Size, content type, SHA-256, entity tag and last modified; never null here.")
    @ApiResponse(
            responseCode = "200",
            description = "The object",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = FileInfo.class)))
    @ApiResponse(responseCode = "400", description = "`invalid-key`")
    @ApiResponse(responseCode = "404", description = "`not-found`: no object at this key")
    Mono<FileInfo> metadata(ServerWebExchange exchange);
}
