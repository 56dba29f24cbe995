package dev.sluice.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}): what the controllers'
 * annotations cannot say. The title and version, a relative server (so "Try it out" calls the origin the page came
 * from, whatever proxy is in front), the {@code Problem} schema every error uses, the response headers operations
 * share, and the {@code {key}} (or, for folders, {@code {path}}) path template the {@code /**} mappings stand for.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String BASIC = "basic";
    private static final String BEARER = "bearer";

    private static final String DESCRIPTION = """
            Sluice stores files under keys such as `photos/2026/beach.jpg`, streaming every byte.

            Every error is `application/problem+json` (RFC 9457) with a stable `code`. Conditional requests, \
            ranges and digests follow RFC 9110 and RFC 9530; the contract, with every header, is `docs/API.md`.""";

    private static final String KEY_DESCRIPTION = """
            The object's key, such as `docs/notes.txt`: the rest of the path, percent-decoded as UTF-8 and \
            normalized to NFC. A `/` between segments may be sent literally or as `%2F`; `;`, `=`, `,` and `+` are \
            literal characters. 1 to 1024 bytes of UTF-8, segments of 1 to 255 bytes. Refused with 400 \
            (`invalid-key`): an empty, `.` or `..` segment, a leading or trailing `/`, a backslash, a control \
            character, invalid UTF-8 or percent-encoding, and the reserved first segment `.sluice`. Case-sensitive.""";

    @Bean
    OpenAPI sluiceOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        return new OpenAPI()
                .info(new Info()
                        .title("Sluice API")
                        .version(properties == null ? "dev" : properties.getVersion())
                        .description(DESCRIPTION))
                .servers(List.of(new Server().url("/").description("The server this document came from")))
                .components(new Components()
                        .headers(ResponseHeaders.all())
                        .addSecuritySchemes(
                                BASIC,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("basic")
                                        .description("A user's name and password (sluice.security.users)"))
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("An API token (sluice.security.tokens)")))
                // Either scheme will do: Swagger UI's "Authorize" offers both.
                .addSecurityItem(new SecurityRequirement().addList(BASIC))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /**
     * Turns the catch-all mappings into the documented path templates, and gives every error response its problem
     * body (see {@link ProblemResponses}). A customizer, not the bean above, adds the problem schemas: springdoc
     * drops the bean's schemas that no operation refers to before customizers run.
     */
    @Bean
    OpenApiCustomizer sluiceApiPaths() {
        return openApi -> {
            ProblemResponses.schemas().forEach(openApi.getComponents()::addSchemas);
            Paths paths = new Paths();
            openApi.getPaths().forEach((path, item) -> {
                addSecurityResponses(item);
                if (path.endsWith("/**")) {
                    String route = path.substring(0, path.length() - "**".length());
                    boolean folder = FOLDER_ROUTES.contains(route);
                    String template = route + (folder ? "{path}" : "{key}");
                    paths.addPathItem(template, item.addParametersItem(folder ? folderParameter() : keyParameter()));
                    ProblemResponses.apply(template, item);
                } else {
                    paths.addPathItem(path, item);
                    ProblemResponses.apply(path, item);
                }
            });
            openApi.setPaths(paths);
        };
    }

    /**
     * The refusals of access control, on every operation that needs a login (all but {@code GET /api/v1/me},
     * which answers anonymous callers too, and the tus discovery {@code OPTIONS /api/v1/uploads}). The filter chain
     * answers them before the operation runs. An operation's own 403 (a refusal of its own) keeps its text, and
     * the access-control one is added to it.
     */
    private static void addSecurityResponses(PathItem item) {
        item.readOperations().stream()
                .filter(operation -> !OPEN_OPERATIONS.contains(operation.getOperationId()))
                .forEach(operation -> operation
                        .getResponses()
                        .addApiResponse("401", new ApiResponse().description("""
                                Not logged in, or wrong credentials (`unauthorized`). Send HTTP Basic credentials \
                                or `Authorization: Bearer <token>`; a browser page's own requests are not \
                                challenged with Basic."""))
                        .addApiResponse("403", new ApiResponse().description(ownForbidden(operation) + """
                                Outside the caller's rights: a role that does not allow it, a key or prefix \
                                outside the caller's home, or a missing CSRF token on a cookie session \
                                (`forbidden`). The same whether or not the key exists."""))
                        .addApiResponse("429", new ApiResponse().description("""
                                Too many failed logins from this address or for this user (`too-many-requests`): \
                                wait the `Retry-After` seconds.""")));
    }

    /** Operations that answer without a login. */
    private static final java.util.Set<String> OPEN_OPERATIONS = java.util.Set.of("getMe", "tusOptions");

    /** An operation's own 403 text, followed by a separator, or nothing. */
    private static String ownForbidden(io.swagger.v3.oas.models.Operation operation) {
        ApiResponse own = operation.getResponses().get("403");
        return own == null || own.getDescription() == null ? "" : own.getDescription() + " Or: ";
    }

    /** The catch-all routes followed by a folder's path rather than an object's key. */
    private static final java.util.Set<String> FOLDER_ROUTES = java.util.Set.of(Routes.FOLDERS_KEY);

    private static PathParameter folderParameter() {
        return (PathParameter)
                new PathParameter().name("path").description("""
                        The folder's key without its trailing `/`, such as `photos/2026`, encoded like a key (`%2F` \
                        allowed) and following the same rules (`invalid-key`).""").schema(new StringSchema().minLength(1));
    }

    /** No {@code example}: Swagger UI would fill it in as the value, and "Try it out" would hit that key. */
    private static PathParameter keyParameter() {
        return (PathParameter)
                new PathParameter().name("key").description(KEY_DESCRIPTION).schema(new StringSchema().minLength(1));
    }

    /** Response headers shared by several operations, referenced as {@code #/components/headers/<name>}. */
    static final class ResponseHeaders {

        private ResponseHeaders() {}

        static Map<String, Header> all() {
            return ordered(
                    header(
                            "ETag",
                            "Strong entity tag: the quoted SHA-256 hex of the content, or a quoted version token"
                                    + " (\"v-...\") while the SHA-256 of a file Sluice did not write is not computed yet",
                            "\"2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae\""),
                    header(
                            "Last-Modified",
                            "When the object was stored, in whole seconds",
                            "Tue, 24 Nov 2026 10:00:00 GMT"),
                    header(
                            "Repr-Digest",
                            "SHA-256 of the whole content (RFC 9530); absent while it is not known yet for a"
                                    + " file that Sluice did not write",
                            "sha-256=:LCa0a2j/xo/5m0U8HTBBNBNCLXBkg7+g+YpeiGJm564=:"),
                    header(
                            "Location",
                            "The object's URL, relative, each segment percent-encoded",
                            Routes.FILES_KEY + "docs/notes.txt"),
                    header("Accept-Ranges", "Byte ranges are supported", "bytes"),
                    header(
                            "Cache-Control",
                            "`no-cache`, or `private, no-cache` when the request was authenticated",
                            "no-cache"),
                    header("Content-Disposition", """
                            `inline`, or `attachment` with `?download=true`; always both `filename` (an ASCII \
                            fallback) and `filename*=UTF-8''…` (RFC 6266, RFC 8187)""", "inline; filename=\"notes.txt\"; filename*=UTF-8''notes.txt"),
                    header("X-Content-Type-Options", "The browser must not sniff the content type", "nosniff"),
                    header("Content-Security-Policy", "Content is never run as part of this origin", "sandbox"),
                    header("Content-Length", "Bytes in the body", "3"),
                    header("Content-Range", "The range sent, or `bytes */<size>` on 416", "bytes 0-1/3"),
                    header(
                            "Want-Content-Digest",
                            "The digest algorithm to send when none given was supported",
                            "sha-256=1"));
        }

        @SafeVarargs
        private static Map<String, Header> ordered(Map.Entry<String, Header>... headers) {
            Map<String, Header> byName = new LinkedHashMap<>();
            for (Map.Entry<String, Header> header : headers) {
                byName.put(header.getKey(), header.getValue());
            }
            return byName;
        }

        private static Map.Entry<String, Header> header(String name, String description, String example) {
            return Map.entry(
                    name,
                    new Header()
                            .description(description)
                            .schema(new StringSchema())
                            .example(example));
        }
    }
}
