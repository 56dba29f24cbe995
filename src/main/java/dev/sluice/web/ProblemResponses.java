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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;

/**
 * Gives every documented error response its body: {@code application/problem+json} with the {@code Problem} schema
 * ({@code UploadProblem} on the multipart upload, which adds {@code stored}), and one example for each problem
 * {@link ProblemCode} that the response's description names in backticks. The annotations thus say once, in prose,
 * which codes an operation answers with, and the examples follow. HEAD responses have no body.
 */
final class ProblemResponses {

    static final String PROBLEM = "Problem";
    static final String UPLOAD_PROBLEM = "UploadProblem";
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    /** Details that read better for one operation than the sample's, by code and then "METHOD path". */
    private static final Map<ProblemCode, Map<String, String>> DETAILS = Map.of(
            ProblemCode.INVALID_REQUEST,
                    Map.of(
                            "PUT " + Routes.FILES_KEY + "{key}",
                            "Content-Range is not supported on PUT; upload the whole content",
                            "POST " + Routes.FILES,
                            "Unexpected part 'photo': send files in parts named 'file'",
                            "GET " + Routes.FILES,
                            "limit must be from 1 to 1000"),
            ProblemCode.INVALID_KEY,
                    Map.of(
                            "POST " + Routes.FILES, "The filename 'photos/' has no last segment",
                            "GET " + Routes.FILES, "Invalid key: prefix: the key has a '..' segment"));

    /**
     * On the multipart upload, the codes that can end it after files were stored: their examples list one. A digest
     * mismatch stores nothing ({@code stored} is empty); a request refused before its body is read has no
     * {@code stored}.
     */
    private static final Set<ProblemCode> MID_BODY = EnumSet.of(
            ProblemCode.INVALID_KEY,
            ProblemCode.INVALID_REQUEST,
            ProblemCode.CONFLICT,
            ProblemCode.KEY_FOLDER_CONFLICT,
            ProblemCode.TOO_LARGE,
            ProblemCode.TOO_MANY_PARTS,
            ProblemCode.INSUFFICIENT_STORAGE);

    private static final Map<String, Object> STORED_FILE = storedFile();

    private ProblemResponses() {}

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
                response.setContent(
                        method == PathItem.HttpMethod.HEAD
                                ? null
                                : problemContent(operationKey, path, Integer.parseInt(status), response));
            });
        });
    }

    private static Content problemContent(String operationKey, String path, int status, ApiResponse response) {
        boolean upload = operationKey.equals("POST " + Routes.FILES);
        MediaType body = new MediaType().schema(new Schema<>().$ref(SCHEMAS + (upload ? UPLOAD_PROBLEM : PROBLEM)));
        String description = response.getDescription() == null ? "" : response.getDescription();
        String instance = path.replace("{key}", "docs/notes.txt");
        // The codes an operation answers with are named in its response's description, for the reader of the
        // document; the examples follow from them.
        Arrays.stream(ProblemCode.values())
                .filter(code -> code.status().value() == status && description.contains("`" + code.code() + "`"))
                .forEach(code -> {
                    String detail = DETAILS.getOrDefault(code, Map.of()).getOrDefault(operationKey, code.example());
                    Map<String, Object> extra = !upload
                            ? Map.of()
                            : MID_BODY.contains(code)
                                    ? Map.of("stored", List.of(STORED_FILE))
                                    : code == ProblemCode.DIGEST_MISMATCH ? Map.of("stored", List.of()) : Map.of();
                    Problems.Problem problem = new Problems.Problem(
                            code.status(), code.code(), detail, instance, HttpHeaders.EMPTY, extra);
                    body.addExamples(
                            code.code(), new Example().summary(code.code()).value(problem.body()));
                });
        return new Content().addMediaType(PROBLEM_JSON, body);
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description(
                        "An RFC 9457 problem: what went wrong, with a `code` that stays stable across " + "versions.")
                .addProperty(
                        "type",
                        new StringSchema()
                                .description("Always `about:blank`: the status says it all")
                                .example("about:blank"))
                .addProperty(
                        "title",
                        new StringSchema()
                                .description("The status phrase (RFC 9110)")
                                .example("Not Found"))
                .addProperty(
                        "status",
                        new IntegerSchema().description("The HTTP status").example(404))
                .addProperty(
                        "detail",
                        new StringSchema()
                                .description("What went wrong, for a person")
                                .example("No object at 'docs/notes.txt'"))
                .addProperty(
                        "instance",
                        new StringSchema()
                                .description("The request path, as sent")
                                .example(Routes.FILES_KEY + "docs/notes.txt"))
                .addProperty(
                        "code",
                        new StringSchema()
                                .description("Stable, for programs: " + catalogue())
                                .example("not-found"))
                .required(List.of("type", "title", "status", "detail", "instance", "code"));
    }

    /** Every code, grouped by status: {@code `invalid-key`, `invalid-header` (400), `unauthorized` (401), …}. */
    private static String catalogue() {
        Map<Integer, List<String>> byStatus = new LinkedHashMap<>();
        for (ProblemCode code : ProblemCode.values()) {
            byStatus.computeIfAbsent(code.status().value(), status -> new ArrayList<>())
                    .add("`" + code.code() + "`");
        }
        return byStatus.entrySet().stream()
                .map(entry -> String.join(", ", entry.getValue()) + " (" + entry.getKey() + ")")
                .collect(Collectors.joining(", "));
    }

    private static Schema<?> uploadProblemSchema() {
        return new Schema<>()
                .description("The problem of a multipart upload: the first file that failed ended the request; the "
                        + "files stored before it stay and are listed in `stored`.")
                .allOf(
                        List.of(
                                new Schema<>().$ref(SCHEMAS + PROBLEM),
                                new ObjectSchema()
                                        .addProperty(
                                                "stored",
                                                new ArraySchema()
                                                        .items(new Schema<>().$ref(SCHEMAS + "FileInfo"))
                                                        .description(
                                                                "The files stored before the failure, in upload order; absent when "
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
}
