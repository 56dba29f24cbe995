package dev.sluice.files;

import dev.sluice.locks.LockGuard;
import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.PreconditionFailedException;
import dev.sluice.storage.WriteResult;
import dev.sluice.upload.ContentDigests;
import dev.sluice.upload.ContentTypes;
import dev.sluice.upload.UploadService;
import dev.sluice.web.ApiException;
import dev.sluice.web.FileInfo;
import dev.sluice.web.ProblemCode;
import dev.sluice.web.RawKeys;
import dev.sluice.web.Routes;
import dev.sluice.web.UploadBodies;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;

/**
 * The v1 files API: one key per request, taken from the raw path so that every byte of it is under our control.
 * Handlers check what needs no body first (key, headers, limits, preconditions, free space), so a client that sent
 * {@code Expect: 100-continue} never has to send a body that would be refused. The OpenAPI description of each
 * operation is on {@link FilesApi}.
 */
@RestController
class FilesController implements FilesApi {

    private final ObjectStore store;
    private final UploadService uploads;
    private final DownloadResponder downloads;
    private final FileListings listings;
    private final LockGuard lockGuard;
    private final ResourceCompanions companions;

    FilesController(
            ObjectStore store,
            UploadService uploads,
            DownloadResponder downloads,
            FileListings listings,
            LockGuard lockGuard,
            ResourceCompanions companions) {
        this.store = store;
        this.companions = companions;
        this.uploads = uploads;
        this.downloads = downloads;
        this.listings = listings;
        this.lockGuard = lockGuard;
    }

    @Override
    @PutMapping(Routes.FILES_KEY + "**")
    public Mono<ResponseEntity<FileInfo>> put(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        ObjectKey key = keyOf(request, Routes.FILES_KEY);
        HttpHeaders headers = request.getHeaders();
        if (headers.containsHeader(HttpHeaders.CONTENT_RANGE)) {
            throw new ApiException(
                    ProblemCode.INVALID_REQUEST, "Content-Range is not supported on PUT; upload the whole content");
        }
        UploadService.rejectContentEncoding(headers);
        String contentType = ContentTypes.forUpload(headers.getFirst(HttpHeaders.CONTENT_TYPE), key.name());
        ContentDigests digests =
                ContentDigests.from(headers, List.of(ContentDigests.CONTENT_DIGEST, ContentDigests.REPR_DIGEST));
        long length = headers.getContentLength();
        uploads.checkDeclaredLength(length);
        HttpConditions conditions = HttpConditions.of(headers);
        Precondition precondition = conditions.forWrite();
        Mono<Void> checkPrecondition = conditions.any() ? checkNow(key, precondition) : Mono.empty();
        return checkPrecondition
                .then(lockGuard.checkUnlocked(key))
                .then(uploads.checkCapacity(length))
                .then(Mono.defer(
                        () -> uploads.write(key, UploadBodies.of(exchange), contentType, digests, precondition)))
                .map(FilesController::putResponse);
    }

    @Override
    @GetMapping(Routes.FILES_KEY + "**")
    public Mono<Void> get(ServerWebExchange exchange, @RequestParam(defaultValue = "false") boolean download) {
        return downloads.respond(exchange, keyOf(exchange.getRequest(), Routes.FILES_KEY), download);
    }

    /** What GET would answer with, minus the body: mapped on its own only so that the API document lists HEAD. */
    @Override
    @RequestMapping(path = Routes.FILES_KEY + "**", method = RequestMethod.HEAD)
    public Mono<Void> head(ServerWebExchange exchange, @RequestParam(defaultValue = "false") boolean download) {
        return get(exchange, download);
    }

    @Override
    @DeleteMapping(Routes.FILES_KEY + "**")
    public Mono<ResponseEntity<Void>> delete(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        ObjectKey key = keyOf(request, Routes.FILES_KEY);
        Precondition precondition = HttpConditions.of(request.getHeaders()).forWrite();
        return lockGuard
                .checkUnlocked(key)
                .then(store.delete(key, precondition))
                .then(companions.deleted(key.value(), false))
                .thenReturn(ResponseEntity.noContent().build());
    }

    @Override
    @GetMapping(Routes.FILES)
    public Mono<FileListing> list(
            @RequestParam(defaultValue = "") String prefix,
            @RequestParam(required = false) @Nullable String delimiter,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return listings.list("", prefix, delimiter, limit, cursor);
    }

    @Override
    @GetMapping(Routes.METADATA_KEY + "**")
    public Mono<FileInfo> metadata(ServerWebExchange exchange) {
        return store.stat(keyOf(exchange.getRequest(), Routes.METADATA_KEY)).map(FileInfo::of);
    }

    /** The location of an object's content, relative, each segment percent-encoded. */
    static URI locationOf(ObjectKey key) {
        String path = key.segments().stream()
                .map(segment -> UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8))
                .collect(Collectors.joining("/", Routes.FILES_KEY, ""));
        return URI.create(path);
    }

    /** The headers every successful write answers with. */
    static HttpHeaders writeHeaders(ObjectInfo info) {
        HttpHeaders headers = new HttpHeaders();
        headers.setETag(info.etag());
        headers.setLastModified(info.lastModified());
        String sha256 = info.sha256();
        if (sha256 != null) {
            // always, for a write: only listings of some backends lack it
            headers.set(ContentDigests.REPR_DIGEST, ContentDigests.reprDigest(sha256));
        }
        return headers;
    }

    private Mono<Void> checkNow(ObjectKey key, Precondition precondition) {
        return store.stat(key)
                .map(info -> precondition.test(info))
                .onErrorResume(ObjectNotFoundException.class, missing -> Mono.just(precondition.test(null)))
                .flatMap(holds -> holds
                        ? Mono.empty()
                        : Mono.error(
                                new PreconditionFailedException("The precondition for '" + key + "' does not hold")));
    }

    private static ResponseEntity<FileInfo> putResponse(WriteResult result) {
        ObjectInfo info = result.info();
        ResponseEntity.BodyBuilder builder = result.created()
                ? ResponseEntity.status(HttpStatus.CREATED).location(locationOf(info.key()))
                : ResponseEntity.ok();
        return builder.headers(writeHeaders(info)).body(FileInfo.of(info));
    }

    private static ObjectKey keyOf(ServerHttpRequest request, String route) {
        return RawKeys.keyAfter(request.getPath().pathWithinApplication().value(), route);
    }
}
