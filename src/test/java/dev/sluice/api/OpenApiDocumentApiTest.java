package dev.sluice.api;

import static io.swagger.v3.oas.models.PathItem.HttpMethod.DELETE;
import static io.swagger.v3.oas.models.PathItem.HttpMethod.GET;
import static io.swagger.v3.oas.models.PathItem.HttpMethod.HEAD;
import static io.swagger.v3.oas.models.PathItem.HttpMethod.POST;
import static io.swagger.v3.oas.models.PathItem.HttpMethod.PUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.testing.ApiTestSupport;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.PathItem.HttpMethod;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * The OpenAPI document served at {@code /v3/api-docs}, read with a real OpenAPI parser, describes exactly the
 * contract of docs/API.md; Swagger UI and every asset its page loads are served.
 */
class OpenApiDocumentApiTest extends ApiTestSupport {

    private static final String FILES = "/api/v1/files";
    private static final String FILE = "/api/v1/files/{key}";
    private static final String METADATA = "/api/v1/metadata/{key}";
    private static final String FOLDER = "/api/v1/folders/{path}";
    private static final String MOVE = "/api/v1/move";
    private static final String COPY = "/api/v1/copy";
    private static final String LIMITS = "/api/v1/limits";
    private static final String ME = "/api/v1/me";
    private static final String SHARES = "/api/v1/shares";
    private static final String SHARE = "/api/v1/shares/{id}";
    private static final String UPLOADS = "/api/v1/uploads";
    private static final String UPLOAD = "/api/v1/uploads/{id}";
    private static final String ZIP_ALL = "/api/v1/zip";
    private static final String ZIP = "/api/v1/zip/{key}";
    private static final String ZIPS = "/api/v1/zips";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String SCHEMAS = "#/components/schemas/";

    /** Path, method and the statuses API.md gives each operation. */
    private static final Map<String, Map<HttpMethod, List<String>>> CONTRACT = Map.ofEntries(
            Map.entry(
                    FILES,
                    Map.of(
                            GET, secured("200", "400"),
                            POST, secured("201", "400", "409", "413", "415", "507"))),
            Map.entry(
                    FILE,
                    Map.of(
                            PUT, secured("200", "201", "400", "409", "412", "413", "415", "507"),
                            GET, secured("200", "206", "304", "400", "404", "412", "416"),
                            HEAD, secured("200", "304", "400", "404", "412"),
                            DELETE, secured("204", "400", "404", "412"))),
            Map.entry(METADATA, Map.of(GET, secured("200", "400", "404"))),
            Map.entry(
                    FOLDER,
                    Map.of(
                            PUT, secured("200", "201", "400", "409"),
                            DELETE, secured("204", "400", "404", "409"))),
            Map.entry(MOVE, Map.of(POST, secured("200", "400", "404", "409", "412", "415"))),
            Map.entry(COPY, Map.of(POST, secured("200", "400", "404", "409", "412", "415", "507"))),
            Map.entry(LIMITS, Map.of(GET, secured("200"))),
            Map.entry(ME, Map.of(GET, List.of("200"))),
            Map.entry(
                    SHARES,
                    Map.of(
                            GET, secured("200"),
                            POST, secured("201", "400"))),
            Map.entry(SHARE, Map.of(DELETE, secured("204", "404"))),
            Map.entry(
                    UPLOADS,
                    Map.of(
                            HttpMethod.OPTIONS,
                            List.of("200"),
                            POST,
                            secured("201", "400", "409", "412", "413", "507"))),
            Map.entry(
                    UPLOAD,
                    Map.of(
                            HEAD,
                            secured("200", "404"),
                            HttpMethod.PATCH,
                            secured("204", "400", "404", "409", "412", "413", "415", "507"),
                            DELETE,
                            secured("204", "404", "409", "412"))),
            Map.entry(
                    ZIP_ALL,
                    Map.of(
                            GET, secured("200", "206", "304", "412", "416"),
                            HEAD, secured("200", "304", "412"))),
            Map.entry(
                    ZIP,
                    Map.of(
                            GET, secured("200", "206", "304", "400", "404", "412", "416"),
                            HEAD, secured("200", "304", "400", "404", "412"))),
            Map.entry(ZIPS, Map.of(POST, secured("200", "400"))));

    /** Every problem code of API.md with its status, and the 415 of a POST that is not multipart. */
    private static final Map<String, Integer> CODES = Map.ofEntries(
            Map.entry("invalid-key", 400),
            Map.entry("invalid-header", 400),
            Map.entry("invalid-request", 400),
            Map.entry("digest-mismatch", 400),
            Map.entry("unauthorized", 401),
            Map.entry("forbidden", 403),
            Map.entry("too-many-requests", 429),
            Map.entry("not-found", 404),
            Map.entry("conflict", 409),
            Map.entry("key-folder-conflict", 409),
            Map.entry("folder-not-empty", 409),
            Map.entry("folder-too-large", 409),
            Map.entry("precondition-failed", 412),
            Map.entry("too-large", 413),
            Map.entry("too-many-parts", 413),
            Map.entry("unsupported-encoding", 415),
            Map.entry("unsupported-media-type", 415),
            Map.entry("range-not-satisfiable", 416),
            Map.entry("insufficient-storage", 507),
            Map.entry("offset-mismatch", 409),
            Map.entry("upload-busy", 409),
            Map.entry("final-upload", 403),
            Map.entry("upload-quota", 403),
            Map.entry("tus-version", 412));

    /** The parameters of each operation, by name: the key plus what API.md lists, and nothing else. */
    private static final Map<String, List<String>> PARAMETERS = Map.ofEntries(
            Map.entry("GET " + FILES, List.of("prefix", "delimiter", "limit", "cursor")),
            Map.entry("POST " + FILES, List.of("prefix", "conflict", "Content-Digest")),
            Map.entry(
                    "PUT " + FILE,
                    List.of(
                            "key",
                            "Content-Digest",
                            "Repr-Digest",
                            "If-Match",
                            "If-None-Match",
                            "If-Unmodified-Since")),
            Map.entry(
                    "GET " + FILE,
                    List.of(
                            "key",
                            "download",
                            "Range",
                            "If-Range",
                            "If-None-Match",
                            "If-Modified-Since",
                            "If-Match",
                            "If-Unmodified-Since")),
            Map.entry(
                    "HEAD " + FILE,
                    List.of(
                            "key",
                            "download",
                            "If-None-Match",
                            "If-Modified-Since",
                            "If-Match",
                            "If-Unmodified-Since")),
            Map.entry("DELETE " + FILE, List.of("key", "If-Match", "If-None-Match", "If-Unmodified-Since")),
            Map.entry("GET " + METADATA, List.of("key")),
            Map.entry("PUT " + FOLDER, List.of("path")),
            Map.entry("DELETE " + FOLDER, List.of("path", "recursive")),
            Map.entry("POST " + MOVE, List.of("If-Match", "If-None-Match", "If-Unmodified-Since")),
            Map.entry("POST " + COPY, List.of("If-Match", "If-None-Match", "If-Unmodified-Since")),
            Map.entry("GET " + LIMITS, List.of()),
            Map.entry("GET " + ME, List.of()),
            Map.entry("GET " + SHARES, List.of()),
            Map.entry("POST " + SHARES, List.of()),
            Map.entry("DELETE " + SHARE, List.of("id")),
            Map.entry("OPTIONS " + UPLOADS, List.of()),
            Map.entry(
                    "POST " + UPLOADS,
                    List.of(
                            "Tus-Resumable",
                            "Upload-Length",
                            "Upload-Defer-Length",
                            "Upload-Metadata",
                            "Upload-Concat")),
            Map.entry("HEAD " + UPLOAD, List.of("id")),
            Map.entry(
                    "PATCH " + UPLOAD,
                    List.of("id", "Tus-Resumable", "Upload-Offset", "Upload-Length", "Upload-Checksum")),
            Map.entry("DELETE " + UPLOAD, List.of("id", "Tus-Resumable")),
            Map.entry("GET " + ZIP_ALL, List.of("Range", "If-Range", "If-None-Match")),
            Map.entry("HEAD " + ZIP_ALL, List.of()),
            Map.entry("GET " + ZIP, List.of("key", "Range", "If-Range", "If-None-Match")),
            Map.entry("HEAD " + ZIP, List.of("key")),
            Map.entry("POST " + ZIPS, List.of()));

    /** An operation's statuses plus the refusals of access control, which every operation but getMe has. */
    private static List<String> secured(String... statuses) {
        List<String> all = new ArrayList<>(List.of(statuses));
        all.addAll(List.of("401", "403", "429"));
        return List.copyOf(all);
    }

    @Test
    void documentParsesWithoutMessagesAsOpenApi30WithARelativeServer() {
        OpenAPI document = document();

        assertThat(document.getOpenapi()).startsWith("3.0");
        assertThat(document.getInfo().getTitle()).isEqualTo("Sluice API");
        assertThat(document.getInfo().getVersion()).isNotBlank();
        assertThat(document.getServers())
                .singleElement()
                .satisfies(server -> assertThat(server.getUrl()).isEqualTo("/"));
    }

    @Test
    void documentHasExactlyTheContractsPathsMethodsAndStatuses() {
        OpenAPI document = document();

        assertThat(document.getPaths()).containsOnlyKeys(CONTRACT.keySet());
        CONTRACT.forEach((path, methods) -> {
            Map<HttpMethod, Operation> operations =
                    document.getPaths().get(path).readOperationsMap();
            assertThat(operations).as(path).containsOnlyKeys(methods.keySet());
            methods.forEach((method, statuses) -> {
                Operation operation = operations.get(method);
                assertThat(operation.getResponses()).as(method + " " + path).containsOnlyKeys(statuses);
                assertThat(operation.getSummary()).as(method + " " + path).isNotBlank();
                assertThat(operation.getOperationId()).as(method + " " + path).isNotBlank();
                operation
                        .getResponses()
                        .forEach((status, response) -> assertThat(response.getDescription())
                                .as(method + " " + path + " " + status)
                                .isNotBlank());
            });
        });
    }

    @Test
    void eachOperationHasTheContractsParametersAndNoOther() {
        OpenAPI document = document();

        PARAMETERS.forEach((operation, names) -> {
            String[] methodAndPath = operation.split(" ");
            PathItem item = document.getPaths().get(methodAndPath[1]);
            List<Parameter> parameters = new ArrayList<>();
            if (item.getParameters() != null) {
                parameters.addAll(item.getParameters());
            }
            List<Parameter> own = item.readOperationsMap()
                    .get(HttpMethod.valueOf(methodAndPath[0]))
                    .getParameters();
            if (own != null) {
                parameters.addAll(own);
            }
            assertThat(parameters)
                    .extracting(Parameter::getName)
                    .as(operation)
                    .containsExactlyInAnyOrderElementsOf(names);
            assertThat(parameters).as(operation).allSatisfy(parameter -> {
                assertThat(parameter.getDescription())
                        .as(operation + " " + parameter.getName())
                        .isNotBlank();
                assertThat(parameter.getIn())
                        .isEqualTo(
                                List.of("key", "id", "path").contains(parameter.getName())
                                        ? "path"
                                        : Character.isUpperCase(
                                                        parameter.getName().charAt(0))
                                                ? "header"
                                                : "query");
            });
        });
    }

    @Test
    void keyIsARequiredStringPathParameterThatMaySendSlashesEitherWay() {
        OpenAPI document = document();

        for (String path : List.of(FILE, METADATA)) {
            Parameter key = document.getPaths().get(path).getParameters().get(0);
            assertThat(key.getName()).isEqualTo("key");
            assertThat(key.getIn()).isEqualTo("path");
            assertThat(key.getRequired()).isTrue();
            assertThat(key.getSchema().getType()).isEqualTo("string");
            assertThat(key.getDescription()).contains("%2F", "NFC", "1024", "255", "`.sluice`");
        }
    }

    @Test
    void folderRoutesTakeAPathAndMovesTakeTheJsonBody() {
        OpenAPI document = document();

        Parameter path = document.getPaths().get(FOLDER).getParameters().get(0);
        assertThat(path.getName()).isEqualTo("path");
        assertThat(path.getIn()).isEqualTo("path");
        assertThat(path.getRequired()).isTrue();
        assertThat(path.getDescription()).contains("%2F", "trailing");
        assertThat(parameterSchemas(document.getPaths().get(FOLDER).getDelete())
                        .get("recursive")
                        .getType())
                .isEqualTo("boolean");
        for (String route : List.of(MOVE, COPY)) {
            Operation operation = document.getPaths().get(route).getPost();
            assertThat(operation
                            .getRequestBody()
                            .getContent()
                            .get("application/json")
                            .getSchema()
                            .get$ref())
                    .as(route)
                    .isEqualTo(SCHEMAS + "TransferRequest");
            List<Schema> oneOf = operation
                    .getResponses()
                    .get("200")
                    .getContent()
                    .get("application/json")
                    .getSchema()
                    .getOneOf();
            assertThat(oneOf.stream().map(Schema::get$ref).toList())
                    .as(route)
                    .containsExactlyInAnyOrder(SCHEMAS + "FileInfo", SCHEMAS + "FolderTransfer");
        }
        Map<String, Schema> schemas = document.getComponents().getSchemas();
        assertThat(schemas.get("TransferRequest").getProperties()).containsOnlyKeys("from", "to", "conflict");
        assertThat(schemas.get("FolderTransfer").getProperties()).containsOnlyKeys("from", "to", "files", "bytes");
        assertThat(schemas.get("FolderView").getProperties()).containsOnlyKeys("prefix");
    }

    @Test
    void listAndUploadParametersHaveTheContractsValues() {
        OpenAPI document = document();
        Map<String, Schema<?>> list =
                parameterSchemas(document.getPaths().get(FILES).getGet());
        Map<String, Schema<?>> upload =
                parameterSchemas(document.getPaths().get(FILES).getPost());

        assertThat(list.get("delimiter").getEnum().stream().map(String::valueOf).toList())
                .containsExactly("/");
        assertThat(list.get("limit").getMinimum()).isEqualByComparingTo("1");
        assertThat(list.get("limit").getMaximum()).isEqualByComparingTo("1000");
        assertThat(list.get("limit").getDefault()).isEqualTo(100);
        assertThat(upload.get("conflict").getEnum().stream()
                        .map(String::valueOf)
                        .toList())
                .containsExactly("rename", "replace", "fail");
        assertThat(upload.get("conflict").getDefault()).isEqualTo("rename");
        assertThat(parameterSchemas(document.getPaths().get(FILE).getGet())
                        .get("download")
                        .getType())
                .isEqualTo("boolean");
    }

    @Test
    void errorResponsesAreProblemDetailsWithAnExampleOfEachCode() {
        OpenAPI document = document();

        CONTRACT.forEach((path, methods) -> methods.forEach((method, statuses) -> {
            Operation operation =
                    document.getPaths().get(path).readOperationsMap().get(method);
            String expectedSchema = SCHEMAS + (method == POST && path.equals(FILES) ? "UploadProblem" : "Problem");
            statuses.stream().filter(status -> status.charAt(0) >= '4').forEach(status -> {
                ApiResponse response = operation.getResponses().get(status);
                String where = method + " " + path + " " + status;
                if (method == HEAD) {
                    assertThat(response.getContent())
                            .as(where + ": HEAD has no body")
                            .isNull();
                    return;
                }
                assertThat(response.getContent()).as(where).containsOnlyKeys(PROBLEM_JSON);
                MediaType body = response.getContent().get(PROBLEM_JSON);
                assertThat(body.getSchema().get$ref()).as(where).isEqualTo(expectedSchema);
                List<String> named = codesNamedIn(response.getDescription(), Integer.parseInt(status));
                assertThat(named).as(where + " names its codes").isNotEmpty();
                assertThat(body.getExamples()).as(where).containsOnlyKeys(named);
                body.getExamples().forEach((code, example) -> {
                    JsonNode value = (JsonNode) example.getValue();
                    assertThat(value.path("status").asInt()).as(where).isEqualTo(Integer.parseInt(status));
                    assertThat(value.path("code").asText()).as(where).isEqualTo(code);
                    Stream.of("type", "title", "detail", "instance")
                            .forEach(member -> assertThat(value.hasNonNull(member))
                                    .as(where + " " + member)
                                    .isTrue());
                });
            });
        }));
    }

    @Test
    void problemSchemasHaveEveryMemberAndTheUploadOneListsStoredFiles() {
        Map<String, Schema> schemas = document().getComponents().getSchemas();

        Schema<?> problem = schemas.get("Problem");
        assertThat(problem.getProperties()).containsOnlyKeys("type", "title", "status", "detail", "instance", "code");
        assertThat(problem.getRequired())
                .containsExactlyInAnyOrder("type", "title", "status", "detail", "instance", "code");
        assertThat(problem.getProperties().get("status").getType()).isEqualTo("integer");

        List<Schema> allOf = schemas.get("UploadProblem").getAllOf();
        assertThat(allOf).extracting(Schema::get$ref).contains(SCHEMAS + "Problem");
        Schema<?> stored = allOf.stream()
                .filter(part -> part.getProperties() != null)
                .map(part -> (Schema<?>) part.getProperties().get("stored"))
                .findFirst()
                .orElseThrow();
        assertThat(stored.getType()).isEqualTo("array");
        assertThat(stored.getItems().get$ref()).isEqualTo(SCHEMAS + "FileInfo");
    }

    @Test
    void putTakesTheRawBodyAsBinary() {
        Operation put = document().getPaths().get(FILE).getPut();

        assertThat(put.getRequestBody().getRequired()).isTrue();
        assertThat(put.getRequestBody().getContent()).containsOnlyKeys("application/octet-stream");
        assertBinary(put.getRequestBody()
                .getContent()
                .get("application/octet-stream")
                .getSchema());
        assertThat(put.getResponses().get("201").getHeaders())
                .containsKeys("Location", "ETag", "Last-Modified", "Repr-Digest");
        assertThat(put.getResponses().get("200").getHeaders()).containsKeys("ETag", "Last-Modified", "Repr-Digest");
    }

    @Test
    void postTakesSeveralFilesAsMultipartFormData() {
        Operation post = document().getPaths().get(FILES).getPost();

        assertThat(post.getRequestBody().getContent()).containsOnlyKeys("multipart/form-data");
        Schema<?> form =
                post.getRequestBody().getContent().get("multipart/form-data").getSchema();
        assertThat(form.getProperties()).containsOnlyKeys("file");
        Schema<?> file = form.getProperties().get("file");
        assertThat(file.getType()).isEqualTo("array");
        assertBinary(file.getItems());
        Schema<?> created = post.getResponses()
                .get("201")
                .getContent()
                .get("application/json")
                .getSchema();
        assertThat(created.getType()).isEqualTo("array");
        assertThat(created.getItems().get$ref()).isEqualTo(SCHEMAS + "FileInfo");
    }

    @Test
    void downloadsAreBinaryAndJsonBodiesUseTheContractsSchemas() {
        OpenAPI document = document();
        Operation get = document.getPaths().get(FILE).getGet();

        assertBinary(get.getResponses().get("200").getContent().get("*/*").getSchema());
        assertBinary(get.getResponses().get("206").getContent().get("*/*").getSchema());
        assertThat(get.getResponses().get("304").getContent()).isNull();
        assertThat(get.getResponses().get("416").getHeaders()).containsKey("Content-Range");
        assertThat(document.getPaths()
                        .get(FILE)
                        .getDelete()
                        .getResponses()
                        .get("204")
                        .getContent())
                .isNull();
        assertThat(jsonSchemaRef(document.getPaths().get(FILES).getGet(), "200"))
                .isEqualTo(SCHEMAS + "FileListing");
        assertThat(jsonSchemaRef(document.getPaths().get(METADATA).getGet(), "200"))
                .isEqualTo(SCHEMAS + "FileInfo");
        assertThat(jsonSchemaRef(document.getPaths().get(FILE).getPut(), "200")).isEqualTo(SCHEMAS + "FileInfo");
    }

    @Test
    void fileInfoAndFileListingHaveExactlyTheContractsFields() {
        Map<String, Schema> schemas = document().getComponents().getSchemas();

        Schema<?> info = schemas.get("FileInfo");
        assertThat(info.getProperties())
                .containsOnlyKeys("key", "name", "size", "contentType", "etag", "sha256", "lastModified");
        assertThat(info.getRequired()).containsExactlyInAnyOrder("key", "name", "size", "lastModified");
        assertThat(info.getProperties().get("lastModified").getFormat()).isEqualTo("date-time");
        Stream.of("contentType", "etag", "sha256")
                .forEach(nullable -> assertThat(
                                info.getProperties().get(nullable).getNullable())
                        .as(nullable)
                        .isTrue());

        Schema<?> listing = schemas.get("FileListing");
        assertThat(listing.getProperties()).containsOnlyKeys("items", "prefixes", "nextCursor");
        assertThat(listing.getProperties().get("items").getItems().get$ref()).isEqualTo(SCHEMAS + "FileInfo");
        assertThat(listing.getProperties().get("nextCursor").getNullable()).isTrue();
    }

    @Test
    void swaggerUiPageAndEveryAssetItLoadsAreServed() {
        client.get()
                .uri(uri("/swagger-ui.html"))
                .exchange()
                .expectStatus()
                .value(status -> assertThat(status).isIn(200, 301, 302, 303, 307, 308))
                .expectHeader()
                .value("Location", location -> assertThat(location).endsWith("/swagger-ui/index.html"));
        String page = client.get()
                .uri(uri("/swagger-ui/index.html"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(org.springframework.http.MediaType.TEXT_HTML)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(page).contains("swagger-ui");

        Matcher assets = Pattern.compile("(?:src|href)=\"\\./([^\"]+)\"").matcher(page);
        List<String> loaded = new ArrayList<>();
        while (assets.find()) {
            String asset = assets.group(1);
            long bytes = client.get()
                    .uri(uri("/swagger-ui/" + asset))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .returnResult(DataBuffer.class)
                    .getResponseBody()
                    .map(buffer -> {
                        long readable = buffer.readableByteCount();
                        DataBufferUtils.release(buffer);
                        return readable;
                    })
                    .reduce(0L, Long::sum)
                    .block(java.time.Duration.ofSeconds(30));
            assertThat(bytes).as(asset).isPositive();
            loaded.add(asset);
        }
        assertThat(loaded).contains("swagger-ui-bundle.js", "swagger-initializer.js");

        String config = client.get()
                .uri(uri("/v3/api-docs/swagger-config"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(config).contains("\"/v3/api-docs\"");
    }

    private OpenAPI document() {
        String json = apiDocs();
        // Not resolved: resolving would move the path-level key parameter into each operation.
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(json, null, new ParseOptions());
        assertThat(result.getMessages()).as("parser messages").isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        return result.getOpenAPI();
    }

    private static Map<String, Schema<?>> parameterSchemas(Operation operation) {
        Map<String, Schema<?>> schemas = new LinkedHashMap<>();
        operation.getParameters().forEach(parameter -> schemas.put(parameter.getName(), parameter.getSchema()));
        return schemas;
    }

    private static String jsonSchemaRef(Operation operation, String status) {
        Content content = operation.getResponses().get(status).getContent();
        assertThat(content).containsOnlyKeys("application/json");
        return content.get("application/json").getSchema().get$ref();
    }

    private static void assertBinary(Schema<?> schema) {
        assertThat(schema.getType()).isEqualTo("string");
        assertThat(schema.getFormat()).isEqualTo("binary");
    }

    /** The problem codes of {@code status} that a response's description names in backticks ({@code `not-found`}). */
    private static List<String> codesNamedIn(String description, int status) {
        return CODES.entrySet().stream()
                .filter(code -> code.getValue() == status && description.contains("`" + code.getKey() + "`"))
                .map(Map.Entry::getKey)
                .toList();
    }
}
