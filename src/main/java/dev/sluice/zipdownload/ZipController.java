package dev.sluice.zipdownload;

import static io.swagger.v3.oas.annotations.enums.ParameterIn.HEADER;

import dev.sluice.security.Caller;
import dev.sluice.security.Callers;
import dev.sluice.security.Role;
import dev.sluice.security.SluiceAuthentication;
import dev.sluice.storage.InvalidKeyException;
import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import dev.sluice.web.RawKeys;
import dev.sluice.web.Routes;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Folders and selections as one ZIP. {@code GET|HEAD /api/v1/zip/{path}}: a folder (the filter chain has checked
 * that the caller reads it); {@code /api/v1/zip}: everything the caller may read (their home, or the whole store).
 * {@code POST /api/v1/zips}: a short-lived signed URL for a selection, which a browser GETs without headers
 * ({@code GET|HEAD /api/v1/zips/<token>}): the token is its authority, checked on every use against what the asker
 * may read now.
 */
@RestController
@Tag(name = "zip", description = "Folders and selections downloaded as one ZIP")
class ZipController {

    private static final String ZIP = "application/zip";
    private static final String RANGE =
            "One or more byte ranges of a laid-out archive (`Accept-Ranges: bytes`), as for a"
                    + " file; ignored for a streamed one";
    private static final String IF_RANGE = "The archive's ETag (or `Last-Modified`): the range only while the archive"
            + " is unchanged, else all of it";
    private static final String IF_NONE_MATCH = "The archive's ETag: 304 while it is unchanged";
    private static final String PARTIAL = "The requested range(s) of a laid-out archive";
    private static final String NOT_MODIFIED = "`If-None-Match` matches the archive's ETag";
    private static final String PRECONDITION = "`If-Match` does not match (`precondition-failed`)";
    private static final String UNSATISFIABLE = "No satisfiable range (`range-not-satisfiable`)";

    private static final Caller NOBODY = new Caller("anonymous", Set.of(Role.values()), null);
    /** Request lines longer than Reactor Netty's 4,096 bytes are refused: the URL must fit with room to spare. */
    static final int MAX_TOKEN_LENGTH = 3500;

    private final ZipDownloads zips;
    private final ZipLinks links;
    private final Callers callers;
    private final ZipProperties properties;
    private final boolean securityEnabled;
    private final boolean anonymousRead;
    private final Clock clock = Clock.systemUTC();

    ZipController(
            ZipDownloads zips,
            ZipLinks links,
            Callers callers,
            ZipProperties properties,
            @Value("${sluice.security.enabled:true}") boolean securityEnabled,
            @Value("${sluice.security.anonymous-read:false}") boolean anonymousRead) {
        this.zips = zips;
        this.links = links;
        this.callers = callers;
        this.properties = properties;
        this.securityEnabled = securityEnabled;
        this.anonymousRead = anonymousRead;
    }

    @GetMapping(Routes.ZIP)
    @Operation(
            operationId = "getZipOfEverything",
            summary = "Everything the caller may read as one ZIP",
            description = "The caller's home folder (or, without one, every object) as a ZIP attachment, as"
                    + " `GET /api/v1/zip/{key}` describes.",
            parameters = {
                @Parameter(in = HEADER, name = "Range", description = RANGE, schema = @Schema(type = "string")),
                @Parameter(in = HEADER, name = "If-Range", description = IF_RANGE, schema = @Schema(type = "string")),
                @Parameter(
                        in = HEADER,
                        name = "If-None-Match",
                        description = IF_NONE_MATCH,
                        schema = @Schema(type = "string"))
            })
    @ApiResponse(
            responseCode = "200",
            description = "The archive",
            content = @Content(mediaType = ZIP, schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "206", description = PARTIAL)
    @ApiResponse(responseCode = "304", description = NOT_MODIFIED)
    @ApiResponse(responseCode = "412", description = PRECONDITION)
    @ApiResponse(responseCode = "416", description = UNSATISFIABLE)
    public Mono<Void> everything(ServerWebExchange exchange) {
        return caller().flatMap(caller -> {
            String home = caller.home();
            return zips.respond(exchange, Selection.folder(home == null ? "" : home));
        });
    }

    /** What GET answers, without the body: mapped on its own so that the API document lists HEAD. */
    @RequestMapping(path = Routes.ZIP, method = RequestMethod.HEAD)
    @Operation(operationId = "headZipOfEverything", summary = "The headers of the ZIP of everything")
    @ApiResponse(responseCode = "200", description = "The archive's headers")
    @ApiResponse(responseCode = "304", description = NOT_MODIFIED)
    @ApiResponse(responseCode = "412", description = PRECONDITION)
    public Mono<Void> headEverything(ServerWebExchange exchange) {
        return everything(exchange);
    }

    @GetMapping(Routes.ZIP_KEY + "**")
    @Operation(
            operationId = "getZip",
            summary = "A folder as one ZIP",
            description = """
                    The folder `{key}` (a folder's key without its trailing `/`) and everything in it, nested and \
                    empty folders included, as a ZIP attachment built while it is sent: entries stored (no \
                    compression), UTF-8 names relative to the folder's parent (the folder is the top entry), the \
                    files' modification times, ZIP64 where needed. When every entry's CRC-32 is known before the first \
                    byte (files uploaded through Sluice, or hashed since), the archive has an exact `Content-Length`, \
                    a strong `ETag` and `Accept-Ranges: bytes`: `Range`, `If-Range`, `If-None-Match` work as for a \
                    file, so a cut download resumes (`curl -C -`). Otherwise it is sent with data descriptors and \
                    `Accept-Ranges: none` (with `Content-Length` up to `sluice.zip.max-listed-entries` entries, \
                    chunked above). A file that changes while it is sent cuts the connection: a client never gets a \
                    well-formed archive with wrong content.""",
            parameters = {
                @Parameter(in = HEADER, name = "Range", description = RANGE, schema = @Schema(type = "string")),
                @Parameter(in = HEADER, name = "If-Range", description = IF_RANGE, schema = @Schema(type = "string")),
                @Parameter(
                        in = HEADER,
                        name = "If-None-Match",
                        description = IF_NONE_MATCH,
                        schema = @Schema(type = "string"))
            })
    @ApiResponse(
            responseCode = "200",
            description = "The archive",
            content = @Content(mediaType = ZIP, schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "206", description = PARTIAL)
    @ApiResponse(responseCode = "304", description = NOT_MODIFIED)
    @ApiResponse(responseCode = "400", description = "An invalid key (`invalid-key`)")
    @ApiResponse(responseCode = "404", description = "No such folder (`not-found`)")
    @ApiResponse(responseCode = "412", description = PRECONDITION)
    @ApiResponse(responseCode = "416", description = UNSATISFIABLE)
    public Mono<Void> folder(ServerWebExchange exchange) {
        String raw = exchange.getRequest().getPath().pathWithinApplication().value();
        if (raw.equals(Routes.ZIP_KEY)) {
            return everything(exchange);
        }
        String folder = RawKeys.keyAfter(raw, Routes.ZIP_KEY).value() + "/";
        return zips.respond(exchange, Selection.folder(folder));
    }

    /** What GET answers, without the body: mapped on its own so that the API document lists HEAD. */
    @RequestMapping(path = Routes.ZIP_KEY + "**", method = RequestMethod.HEAD)
    @Operation(operationId = "headZip", summary = "The headers of a folder's ZIP")
    @ApiResponse(responseCode = "200", description = "The archive's headers")
    @ApiResponse(responseCode = "304", description = NOT_MODIFIED)
    @ApiResponse(responseCode = "400", description = "An invalid key (`invalid-key`)")
    @ApiResponse(responseCode = "404", description = "No such folder (`not-found`)")
    @ApiResponse(responseCode = "412", description = PRECONDITION)
    public Mono<Void> headFolder(ServerWebExchange exchange) {
        return folder(exchange);
    }

    @PostMapping(Routes.ZIPS)
    @Operation(
            operationId = "createZipLink",
            summary = "A short-lived signed URL for the ZIP of a selection",
            description = """
                    Body: `{"items": ["docs/a.pdf", "photos/2025/"]}`: keys, and folders ending in `/` (`""` for \
                    everything), at most `sluice.zip.max-selection`, each within the caller's home. Answers \
                    `{"href": "/api/v1/zips/<token>", "expiresAt": ...}`: a URL that a browser opens without \
                    credentials until `expiresAt` (`sluice.zip.link-expiry`, 15 minutes by default), answering as \
                    `GET /api/v1/zip/{key}` does. Entry names are relative to the deepest folder that holds every \
                    item. The URL is checked on every use against what the caller may read then.""")
    @ApiResponse(responseCode = "200", description = "The signed URL")
    @ApiResponse(
            responseCode = "400",
            description = "No items, too many, or a selection too long for a URL (`invalid-request`); an invalid key"
                    + " (`invalid-key`)")
    public Mono<ZipLink> createLink(@RequestBody ZipRequest request) {
        List<String> given = items(request);
        return caller().map(caller -> {
            // "" is everything the caller may read: their home, when they have one
            String home = caller.home();
            List<String> items = given.stream()
                    .map(item -> item.isEmpty() && home != null ? home : item)
                    .toList();
            for (String item : items) {
                if (!caller.reaches(item)) {
                    throw new ApiException(ProblemCode.FORBIDDEN, "'" + item + "' is outside your home");
                }
            }
            Selection selection = Selection.of(items);
            Instant expires = clock.instant().plus(properties.linkExpiry()).truncatedTo(ChronoUnit.SECONDS);
            String by = caller == NOBODY || !securityEnabled ? "" : caller.name();
            String token = links.sign(new ZipTicket(by, expires.getEpochSecond(), selection.targets()));
            if (token.length() > MAX_TOKEN_LENGTH) {
                throw new ApiException(
                        ProblemCode.INVALID_REQUEST,
                        "This selection is too long for a URL; select the folders that hold it instead");
            }
            return new ZipLink(Routes.ZIPS + "/" + token, expires);
        });
    }

    // A browser's URL, authorized by its signature: described in docs/API.md, kept out of the OpenAPI document as the
    // share links' routes are.
    @Hidden
    @RequestMapping(
            path = Routes.ZIPS + "/{token}",
            method = {RequestMethod.GET, RequestMethod.HEAD})
    public Mono<Void> selection(ServerWebExchange exchange, @PathVariable String token) {
        ZipTicket ticket = links.verify(token);
        if (ticket == null) {
            throw refused("This ZIP link is not valid");
        }
        if (clock.instant().getEpochSecond() >= ticket.expires()) {
            throw refused("This ZIP link has expired; ask for a new one");
        }
        if (securityEnabled) {
            Caller asker = ticket.by().isEmpty() ? null : callers.current(ticket.by());
            boolean allowed = ticket.by().isEmpty()
                    ? anonymousRead
                    : asker != null
                            && asker.has(Role.READER)
                            && ticket.items().stream().allMatch(asker::reaches);
            if (!allowed) {
                throw refused("The person who asked for this ZIP link may no longer read all of it");
            }
        }
        return zips.respond(exchange, Selection.of(ticket.items()));
    }

    private List<String> items(ZipRequest request) {
        List<@Nullable String> given = request.items();
        if (given == null || given.isEmpty()) {
            throw new ApiException(ProblemCode.INVALID_REQUEST, "Give the keys and folders to download in \"items\"");
        }
        if (given.size() > properties.maxSelection()) {
            throw new ApiException(
                    ProblemCode.INVALID_REQUEST,
                    "At most " + properties.maxSelection() + " items; select the folders that hold them instead");
        }
        List<String> items = new ArrayList<>(given.size());
        for (String item : given) {
            if (item == null) {
                throw new InvalidKeyException("an item is null");
            }
            items.add(Selection.parse(item));
        }
        return items;
    }

    private static ApiException refused(String detail) {
        return new ApiException(ProblemCode.FORBIDDEN, detail);
    }

    /** The caller as the filter chain authenticated it; an anonymous reader (anonymous read on) has no home. */
    private Mono<Caller> caller() {
        if (!securityEnabled) {
            return Mono.just(NOBODY);
        }
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(context ->
                        context.getAuthentication() instanceof SluiceAuthentication auth ? auth.caller() : null)
                .defaultIfEmpty(NOBODY);
    }
}
