package dev.sluice.dav;

import dev.sluice.files.DownloadResponder;
import dev.sluice.files.HttpConditions;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.Precondition;
import dev.sluice.upload.ContentDigests;
import dev.sluice.upload.ContentTypes;
import dev.sluice.upload.UploadService;
import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import dev.sluice.web.UploadBodies;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The WebDAV endpoint, {@code /dav/}: one mapping for every method (WebDAV's own, such as PROPFIND, have no
 * annotation of their own), dispatched by name. Plain HTTP methods go through the v1 API's parts: the upload policy
 * ({@link UploadService}: limits, free space, digests, atomic publish) and the download responder (ranges,
 * conditional requests, zero-copy). Not in the OpenAPI document: OpenAPI cannot describe WebDAV's methods.
 */
@RestController
@Hidden
class DavController {

    static final String ALLOW = "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, MKCOL, COPY, MOVE, LOCK, UNLOCK";

    private final ObjectStore store;
    private final UploadService uploads;
    private final DownloadResponder downloads;
    private final DavResources resources;
    private final DavLocking locking;
    private final DavBodies bodies;
    private final DeadProperties deadProperties;
    private final DavLockMethods lockMethods;
    private final DavTreeMethods treeMethods;
    private final DavCopyMove copyMove;

    DavController(
            ObjectStore store,
            UploadService uploads,
            DownloadResponder downloads,
            DavResources resources,
            DavLocking locking,
            DavBodies bodies,
            DeadProperties deadProperties,
            DavLockMethods lockMethods,
            DavTreeMethods treeMethods,
            DavCopyMove copyMove) {
        this.store = store;
        this.uploads = uploads;
        this.downloads = downloads;
        this.resources = resources;
        this.locking = locking;
        this.bodies = bodies;
        this.deadProperties = deadProperties;
        this.lockMethods = lockMethods;
        this.treeMethods = treeMethods;
        this.copyMove = copyMove;
    }

    /** OPTIONS needs its own mapping: WebFlux answers OPTIONS itself for mappings without methods. */
    @RequestMapping(
            path = {DavPath.ROUTE, DavPath.ROUTE + "/**"},
            method = RequestMethod.OPTIONS)
    Mono<Void> options(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set("DAV", "1, 2");
        headers.set(HttpHeaders.ALLOW, ALLOW);
        // Microsoft's clients (Office, the Windows redirector) look for it before they write
        headers.set("MS-Author-Via", "DAV");
        headers.setContentLength(0);
        exchange.getResponse().setStatusCode(HttpStatus.OK);
        return exchange.getResponse().setComplete();
    }

    @RequestMapping(path = {DavPath.ROUTE, DavPath.ROUTE + "/**"})
    Mono<Void> handle(ServerWebExchange exchange) {
        String method = exchange.getRequest().getMethod().name().toUpperCase(Locale.ROOT);
        return DavCaller.current()
                .flatMap(caller -> {
                    DavPath path = DavPath.parse(
                            exchange.getRequest()
                                    .getPath()
                                    .pathWithinApplication()
                                    .value(),
                            caller.home());
                    return switch (method) {
                        case "GET", "HEAD" -> get(exchange, caller, path);
                        case "PUT" -> put(exchange, caller, path);
                        case "DELETE" -> treeMethods.delete(exchange, caller, path);
                        case "PROPFIND" -> propfind(exchange, caller, path);
                        case "PROPPATCH" -> treeMethods.proppatch(exchange, caller, path);
                        case "MKCOL" -> treeMethods.mkcol(exchange, caller, path);
                        case "COPY" -> copyMove.copyOrMove(exchange, caller, path, false);
                        case "MOVE" -> copyMove.copyOrMove(exchange, caller, path, true);
                        case "LOCK" -> lockMethods.lock(exchange, caller, path);
                        case "UNLOCK" -> lockMethods.unlock(exchange, caller, path);
                        default ->
                            Mono.error(new ApiException(
                                            ProblemCode.METHOD_NOT_ALLOWED, "Method " + method + " is not allowed here")
                                    .withHeader(HttpHeaders.ALLOW, ALLOW));
                    };
                })
                .onErrorResume(DavException.class, e -> {
                    ServerHttpResponse response = exchange.getResponse();
                    if (response.isCommitted()) {
                        return Mono.error(e);
                    }
                    return DavBodies.write(response, e.status(), e.body());
                });
    }

    /**
     * GET and HEAD: straight to the download responder (one open of the object, as on the v1 API); only a missing
     * object costs a folder check, and only a request with an {@code If} header reads the locks.
     */
    private Mono<Void> get(ServerWebExchange exchange, DavCaller caller, DavPath path) {
        Mono<Void> condition = exchange.getRequest().getHeaders().containsHeader("If")
                ? locking.checkCondition(exchange.getRequest(), caller, path).then()
                : Mono.empty();
        if (path.isRoot()) {
            return condition.then(Mono.defer(() -> folderPage(exchange)));
        }
        return condition.then(Mono.defer(() -> downloads
                .respond(exchange, path.key(), false)
                .onErrorResume(
                        ObjectNotFoundException.class,
                        missing -> resources
                                .folderExists(path)
                                .flatMap(exists -> exists ? folderPage(exchange) : Mono.<Void>error(missing)))));
    }

    private Mono<Void> put(ServerWebExchange exchange, DavCaller caller, DavPath path) {
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders headers = request.getHeaders();
        if (path.isRoot()) {
            return Mono.error(notAllowedOnFolder());
        }
        if (headers.containsHeader(HttpHeaders.CONTENT_RANGE)) {
            return Mono.error(new ApiException(
                    ProblemCode.INVALID_REQUEST, "Content-Range is not supported on PUT; upload the whole content"));
        }
        UploadService.rejectContentEncoding(headers);
        String contentType = contentType(headers.getFirst(HttpHeaders.CONTENT_TYPE), path.name());
        ContentDigests digests =
                ContentDigests.from(headers, List.of(ContentDigests.CONTENT_DIGEST, ContentDigests.REPR_DIGEST));
        long length = headers.getContentLength();
        uploads.checkDeclaredLength(length);
        HttpConditions conditions = HttpConditions.of(headers);
        Precondition precondition = conditions.forWrite();
        DavPath parent = path.parent();
        return resources.resolve(path).flatMap(resource -> {
            if (resource.collection()) {
                return Mono.<Void>error(notAllowedOnFolder());
            }
            boolean creating = !resource.exists();
            if (conditions.any() && !precondition.test(resource.info())) {
                return Mono.error(new dev.sluice.storage.PreconditionFailedException(
                        "The precondition for '" + path.relative() + "' does not hold"));
            }
            Mono<Void> parentExists = creating && parent != null
                    ? resources
                            .folderExists(parent)
                            .flatMap(exists -> exists
                                    ? Mono.<Void>empty()
                                    : Mono.error(new DavException(
                                            HttpStatus.CONFLICT, "parent-missing", "The parent folder does not exist")))
                    : Mono.empty();
            return parentExists
                    .then(locking.checkWrite(request, caller, List.of(new DavLocking.Scope(path, creating, false))))
                    .then(uploads.checkCapacity(length))
                    .then(Mono.defer(() ->
                            uploads.write(path.key(), UploadBodies.of(exchange), contentType, digests, precondition)))
                    .flatMap(result -> {
                        ServerHttpResponse response = exchange.getResponse();
                        response.setStatusCode(result.created() ? HttpStatus.CREATED : HttpStatus.NO_CONTENT);
                        HttpHeaders out = response.getHeaders();
                        if (result.info().etag() != null) {
                            out.setETag(result.info().etag());
                        }
                        out.setLastModified(result.info().lastModified());
                        out.setContentLength(0);
                        return response.setComplete();
                    });
        });
    }

    private Mono<Void> propfind(ServerWebExchange exchange, DavCaller caller, DavPath path) {
        String depth = exchange.getRequest().getHeaders().getFirst("Depth");
        String normalized = depth == null ? "infinity" : depth.trim().toLowerCase(Locale.ROOT);
        if (!normalized.equals("0") && !normalized.equals("1")) {
            if (normalized.equals("infinity")) {
                return Mono.error(new DavException(
                        HttpStatus.FORBIDDEN,
                        "propfind-finite-depth",
                        "PROPFIND with Depth: infinity is not served; use Depth: 0 or 1"));
            }
            return Mono.error(new ApiException(ProblemCode.INVALID_HEADER, "Depth must be 0, 1 or infinity"));
        }
        return bodies.xml(exchange)
                .map(Propfind::parse)
                .switchIfEmpty(Mono.fromSupplier(() -> Propfind.parse(null)))
                .flatMap(query -> locking.checkCondition(exchange.getRequest(), caller, path)
                        .flatMap(active -> resources.resolve(path).flatMap(resource -> {
                            if (!resource.exists()) {
                                return Mono.error(new ObjectNotFoundException("Nothing at '" + path.relative() + "'"));
                            }
                            return DavBodies.multistatus(
                                    exchange.getResponse(),
                                    Propfind.responses(
                                            resource,
                                            normalized.equals("1"),
                                            query,
                                            active,
                                            resources,
                                            deadProperties));
                        })));
    }

    /**
     * GET of a folder: a short page saying what it is, as other servers answer, so that clients probing a folder
     * with GET or HEAD (Sardine's {@code exists}, browsers) see it exists. Its members are listed by PROPFIND.
     */
    private static Mono<Void> folderPage(ServerWebExchange exchange) {
        byte[] page = ("<!doctype html><meta charset=\"utf-8\"><title>WebDAV folder</title>"
                        + "<p>This is a WebDAV folder: open it with a WebDAV client (PROPFIND lists it).</p>\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.OK);
        response.getHeaders().setContentType(org.springframework.http.MediaType.TEXT_HTML);
        response.getHeaders().setContentLength(page.length);
        response.getHeaders().setCacheControl("no-cache");
        if (exchange.getRequest().getMethod() == org.springframework.http.HttpMethod.HEAD) {
            return response.setComplete();
        }
        return response.writeWith(
                Mono.fromSupplier(() -> response.bufferFactory().wrap(page)));
    }

    /**
     * The type to store: as the v1 API decides it, except that a Content-Type that does not parse is ignored (the
     * type guessed from the name) rather than refused, because WebDAV clients send such values (Sardine 5.13 sends
     * {@code Content-Type: ISO-8859-1}) and a mount cannot show the user a 400.
     */
    private static String contentType(@org.jspecify.annotations.Nullable String sent, String name) {
        try {
            return ContentTypes.forUpload(sent, name);
        } catch (ApiException unparseable) {
            return ContentTypes.forUpload(null, name);
        }
    }

    static ApiException notAllowedOnFolder() {
        return new ApiException(ProblemCode.METHOD_NOT_ALLOWED, "A folder cannot be written with PUT")
                .withHeader(HttpHeaders.ALLOW, "OPTIONS, PROPFIND, PROPPATCH, DELETE, MKCOL, COPY, MOVE, LOCK, UNLOCK");
    }
}
