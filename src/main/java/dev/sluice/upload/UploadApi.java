package dev.sluice.upload;

import static io.swagger.v3.oas.annotations.enums.ParameterIn.HEADER;
import static io.swagger.v3.oas.annotations.enums.ParameterIn.QUERY;

import dev.sluice.web.FileInfo;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The OpenAPI description of {@link MultipartUploadController}. Error responses name their problem {@code code}s in
 * backticks; {@code dev.sluice.web.ProblemResponses} adds the body ({@code UploadProblem}, with {@code stored}) and
 * an example for each.
 */
@Tag(name = "files")
interface UploadApi {

    @Operation(
            operationId = "uploadFiles",
            summary = "Upload one or more files in a multipart/form-data body",
            description = """
                    Each part named `file` is stored at `prefix` + the last segment of its filename (after any `/` \
                    or `\\`), streamed straight to storage. Files are handled in order; the first one that fails \
                    ends the request with that error, and the files stored before it stay: the problem lists them \
                    in `stored`. With a `Content-Digest`, which covers the whole multipart body, nothing is kept \
                    unless it matches.""",
            parameters = {
                @Parameter(
                        in = QUERY,
                        name = "prefix",
                        description = "Folder to store into: empty, or ending in `/` " + "such as `inbox/`",
                        schema = @Schema(type = "string", defaultValue = "")),
                @Parameter(
                        in = QUERY,
                        name = "conflict",
                        description = """
                        When a key is taken: `rename` stores under a free name (`a.txt` becomes `a (1).txt`, \
                        `a.tar.gz` becomes `a (1).tar.gz`) and overwrites nothing; `replace` overwrites; `fail` \
                        answers 409""",
                        schema =
                                @Schema(
                                        type = "string",
                                        allowableValues = {"rename", "replace", "fail"},
                                        defaultValue = "rename")),
                @Parameter(in = HEADER, name = "Content-Digest", description = """
                        `sha-256` and/or `sha-512` of the whole multipart body (RFC 9530); a mismatch is 400""", schema = @Schema(type = "string"))
            })
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            description = """
            One or more parts named `file`, each with a filename; another part name is 400""",
            content =
                    @Content(
                            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                            schema = @Schema(type = "object", requiredProperties = "file"),
                            schemaProperties =
                                    @SchemaProperty(
                                            name = "file",
                                            array =
                                                    @ArraySchema(
                                                            minItems = 1,
                                                            schema = @Schema(type = "string", format = "binary")))))
    @ApiResponse(
            responseCode = "201",
            description = "Stored; the files in upload order",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            array = @ArraySchema(schema = @Schema(implementation = FileInfo.class))))
    @ApiResponse(responseCode = "400", description = """
            `invalid-key`: an invalid prefix or filename; `invalid-header`: a Content-Type or digest field that \
            does not parse; `invalid-request`: another part name than `file`, a part without a filename, no \
            boundary, an unknown conflict policy; `digest-mismatch`: the body does not match its `Content-Digest`""")
    @ApiResponse(responseCode = "409", description = """
            `conflict`: the key is taken and `conflict=fail`; `key-folder-conflict`: the key is a folder, or one \
            of its folders is an object""")
    @ApiResponse(responseCode = "413", description = """
            `too-large`: a file over `sluice.upload.max-file-size`; `too-many-parts`: over \
            `sluice.upload.max-parts`""")
    @ApiResponse(responseCode = "415", description = """
            `unsupported-media-type`: the body is not `multipart/form-data`; `unsupported-encoding`: the request \
            has a `Content-Encoding`""")
    @ApiResponse(responseCode = "507", description = """
            `insufficient-storage`: the disk is full, or free space would fall below \
            `sluice.storage.min-free-space`""")
    Mono<ResponseEntity<List<FileInfo>>> upload(ServerWebExchange exchange, String prefix, String conflict);
}
