package dev.sluice.web;

import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Gives every documented error response its body: {@code application/problem+json} with the {@code Problem} schema
 * ({@code UploadProblem} on the multipart upload, which adds {@code stored}), and one example for each problem
 * {@code code} that the response's description names in backticks. The annotations thus say once, in prose, which
 * codes an operation answers with, and the examples follow. HEAD responses have no body.
 */
final class ProblemResponses {

    static final String PROBLEM = "Problem";
    static final String UPLOAD_PROBLEM = "UploadProblem";
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    private static final String MULTIPART_UPLOAD = "/api/v1/files";

    /** Every code with its status and a typical detail, as {@link Problems} writes them. */
    private static final List<Sample> SAMPLES = List.of(
            new Sample("invalid-key", HttpStatus.BAD_REQUEST, "Invalid key: the key has a '..' segment"),
            new Sample("invalid-header", HttpStatus.BAD_REQUEST,
                    "Content-Type does not parse: Invalid mime type \"text\": does not contain '/'"),
            new Sample("invalid-request", HttpStatus.BAD_REQUEST, "Type mismatch."),
            new Sample("digest-mismatch", HttpStatus.BAD_REQUEST,
                    "The content does not match its sha-256 digest; nothing was stored"),
            new Sample("unauthorized", HttpStatus.UNAUTHORIZED,
                    "Log in, or send HTTP Basic credentials or a bearer token"),
            new Sample("forbidden", HttpStatus.FORBIDDEN, "You may not do this here"),
            new Sample("too-many-requests", HttpStatus.TOO_MANY_REQUESTS,
                    "Too many failed logins from this address or for this user; try again in 300 s"),
            new Sample("not-found", HttpStatus.NOT_FOUND, "No object at 'docs/notes.txt'"),
            new Sample("conflict", HttpStatus.CONFLICT, "'docs/notes.txt' exists (conflict=fail)"),
            new Sample("key-folder-conflict", HttpStatus.CONFLICT,
                    "'docs/notes.txt' is a folder; an object cannot have its name"),
            new Sample("precondition-failed", HttpStatus.PRECONDITION_FAILED,
                    "The precondition for 'docs/notes.txt' does not hold"),
            new Sample("too-large", HttpStatus.PAYLOAD_TOO_LARGE,
                    "The file is larger than the limit of 10737418240 bytes"),
            new Sample("too-many-parts", HttpStatus.PAYLOAD_TOO_LARGE, "More than 1000 parts in one request"),
            new Sample("unsupported-encoding", HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Encoding 'gzip' is not supported; send the content unencoded"),
            new Sample("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "POST /api/v1/files takes multipart/form-data; use PUT /api/v1/files/{key} for a raw body"),
            new Sample("range-not-satisfiable", HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                    "None of the requested ranges is satisfiable for 3 bytes, or there are more than 16"),
            new Sample("insufficient-storage", HttpStatus.INSUFFICIENT_STORAGE,
                    "Not enough storage: this upload would leave less than 1024 MB free"));

    /** Details that read better for one operation than the sample's, by code and then "METHOD path". */
    private static final Map<String, Map<String, String>> DETAILS = Map.of(
            "invalid-request", Map.of(
                    "PUT /api/v1/files/{key}", "Content-Range is not supported on PUT; upload the whole content",
                    "POST /api/v1/files", "Unexpected part 'photo': send files in parts named 'file'",
                    "GET /api/v1/files", "limit must be from 1 to 1000"),
            "invalid-key", Map.of(
                    "POST /api/v1/files", "The filename 'photos/' has no last segment",
                    "GET /api/v1/files", "Invalid key: prefix: the key has a '..' segment"));

    /**
     * On the multipart upload, the codes that can end it after files were stored: their examples list one. A digest
     * mismatch stores nothing ({@code stored} is empty); a request refused before its body is read has no
     * {@code stored}.
     */
    private static final List<String> MID_BODY = List.of("invalid-key", "invalid-request", "conflict",
            "key-folder-conflict", "too-large", "too-many-parts", "insufficient-storage");
    private static final Map<String, Object> STORED_FILE = storedFile();

    private ProblemResponses() {
    }

    /** The schemas the problem bodies refer to, by name, in the order to list them. */
    static Map<String, Schema<?>> schemas() {
        Map<String, Schema<?>> schemas = new LinkedHashMap<>();
        schemas.put(PROBLEM, problemSchema());
        schemas.put(UPLOAD_PROBLEM, uploadProblemSchema());
        return schemas;
    }

    /** Sets the body of each error response of {@code item}, found at {@code path} (a template). */
    static void apply(String path, PathItem item) {
        item.readOperationsMap().forEach((method, operation) -> {
            if (operation.getResponses() == null) {
                return;
            }
            String operationKey = method + " " + path;
            operation.getResponses().forEach((status, response) -> {
                if (status.length() != 3 || status.charAt(0) < '4') {
                    return;
                }
                response.setContent(method == PathItem.HttpMethod.HEAD ? null
                        : problemContent(operationKey, path, Integer.parseInt(status), response));
            });
        });
    }

    private static Content problemContent(String operationKey, String path, int status, ApiResponse response) {
        boolean upload = operationKey.equals("POST " + MULTIPART_UPLOAD);
        MediaType body = new MediaType().schema(new Schema<>().$ref(SCHEMAS + (upload ? UPLOAD_PROBLEM : PROBLEM)));
        String description = response.getDescription() == null ? "" : response.getDescription();
        String instance = path.replace("{key}", "docs/notes.txt");
        SAMPLES.stream()
                .filter(sample -> sample.status.value() == status && description.contains("`" + sample.code + "`"))
                .forEach(sample -> {
                    String detail = DETAILS.getOrDefault(sample.code, Map.of()).getOrDefault(operationKey,
                            sample.detail);
                    Map<String, Object> extra = !upload ? Map.of()
                            : MID_BODY.contains(sample.code) ? Map.of("stored", List.of(STORED_FILE))
                            : sample.code.equals("digest-mismatch") ? Map.of("stored", List.of()) : Map.of();
                    Problems.Problem problem = new Problems.Problem(sample.status, sample.code, detail, instance,
                            HttpHeaders.EMPTY, extra);
                    body.addExamples(sample.code, new Example().summary(sample.code).value(problem.body()));
                });
        return new Content().addMediaType(PROBLEM_JSON, body);
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("An RFC 9457 problem: what went wrong, with a `code` that stays stable across "
                        + "versions.")
                .addProperty("type", new StringSchema().description("Always `about:blank`: the status says it all")
                        .example("about:blank"))
                .addProperty("title", new StringSchema().description("The status phrase (RFC 9110)")
                        .example("Not Found"))
                .addProperty("status", new IntegerSchema().description("The HTTP status").example(404))
                .addProperty("detail", new StringSchema().description("What went wrong, for a person")
                        .example("No object at 'docs/notes.txt'"))
                .addProperty("instance", new StringSchema().description("The request path, as sent")
                        .example("/api/v1/files/docs/notes.txt"))
                .addProperty("code", new StringSchema().description("""
                        Stable, for programs: `invalid-key`, `invalid-header`, `invalid-request`, \
                        `digest-mismatch` (400), `unauthorized` (401), `forbidden` (403), `not-found` (404), \
                        `method-not-allowed` (405), `conflict`, \
                        `key-folder-conflict` (409), `precondition-failed` (412), `too-large`, `too-many-parts` \
                        (413), `unsupported-encoding`, `unsupported-media-type` (415), `range-not-satisfiable` \
                        (416), `too-many-requests` (429), `internal-error`, `storage-error` (500), \
                        `insufficient-storage` (507)""")
                        .example("not-found"))
                .required(List.of("type", "title", "status", "detail", "instance", "code"));
    }

    private static Schema<?> uploadProblemSchema() {
        return new Schema<>()
                .description("The problem of a multipart upload: the first file that failed ended the request; the "
                        + "files stored before it stay and are listed in `stored`.")
                .allOf(List.of(new Schema<>().$ref(SCHEMAS + PROBLEM), new ObjectSchema()
                        .addProperty("stored", new ArraySchema().items(new Schema<>().$ref(SCHEMAS + "FileInfo"))
                                .description("The files stored before the failure, in upload order; absent when "
                                        + "the request was refused before its body was read"))));
    }

    /** A FileInfo as JSON, in its member order. */
    private static Map<String, Object> storedFile() {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("key", "docs/a.txt");
        file.put("name", "a.txt");
        file.put("size", 3);
        file.put("contentType", "text/plain");
        file.put("etag", "\"2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae\"");
        file.put("sha256", "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae");
        file.put("lastModified", "2026-11-24T10:00:00Z");
        return file;
    }

    private record Sample(String code, HttpStatus status, String detail) {
    }
}
