package dev.sluice.dav;

import dev.sluice.storage.FolderTooLargeException;
import dev.sluice.storage.KeyFolderConflictException;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.Overwrite;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.TargetExistsException;
import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * COPY and MOVE (RFC 4918 §9.8, §9.9) of files and folders, on the store's own copy and move (a rename on local
 * disk, server-side copies on S3). {@code Destination} names a path of this server under the caller's root;
 * {@code Overwrite: T} (the default) removes what is at the destination first, {@code F} refuses with 412;
 * {@code Depth} is {@code infinity} or, for a folder's COPY, {@code 0}. Dead properties go with the resource; locks
 * stay where they were (a moved resource leaves its locks behind, which are removed).
 */
final class DavCopyMove {

    private final ObjectStore store;
    private final DavResources resources;
    private final DavLocking locking;
    private final DeadProperties deadProperties;
    private final DavTreeMethods tree;

    DavCopyMove(
            ObjectStore store,
            DavResources resources,
            DavLocking locking,
            DeadProperties deadProperties,
            DavTreeMethods tree) {
        this.store = store;
        this.resources = resources;
        this.locking = locking;
        this.deadProperties = deadProperties;
        this.tree = tree;
    }

    Mono<Void> copyOrMove(ServerWebExchange exchange, DavCaller caller, DavPath source, boolean move) {
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders headers = request.getHeaders();
        DavPath destination = destination(request, caller);
        boolean overwrite = overwrite(headers.getFirst("Overwrite"));
        boolean infinite = depthInfinity(headers.getFirst("Depth"), move);
        if (source.isRoot() || destination.isRoot()) {
            return Mono.error(new ApiException(ProblemCode.FORBIDDEN, "The root cannot be copied, moved or replaced"));
        }
        if (source.storePath().equals(destination.storePath())) {
            return Mono.error(new ApiException(ProblemCode.FORBIDDEN, "The source and the destination are the same"));
        }
        return resources
                .resolve(source)
                .flatMap(from -> {
                    if (!from.exists()) {
                        return Mono.error(new ObjectNotFoundException("Nothing at '" + source.relative() + "'"));
                    }
                    if (from.collection()
                            && dev.sluice.locks.ResourceLock.isAncestor(source.storePath(), destination.storePath())) {
                        return Mono.error(new ApiException(ProblemCode.FORBIDDEN, "A folder cannot go into itself"));
                    }
                    DavPath parent = java.util.Objects.requireNonNull(destination.parent());
                    return Mono.zip(resources.resolve(destination), resources.folderExists(parent))
                            .flatMap(found -> {
                                DavResource to = found.getT1();
                                if (!found.getT2()) {
                                    return Mono.error(new DavException(
                                            HttpStatus.CONFLICT,
                                            "parent-missing",
                                            "The destination's folder does not exist"));
                                }
                                if (to.exists() && !overwrite) {
                                    return Mono.error(new DavException(
                                            HttpStatus.PRECONDITION_FAILED,
                                            "precondition-failed",
                                            "Something is at the destination and Overwrite is F"));
                                }
                                List<DavLocking.Scope> scopes = new ArrayList<>();
                                if (move) {
                                    scopes.add(new DavLocking.Scope(source, true, true));
                                }
                                scopes.add(new DavLocking.Scope(destination, true, true));
                                Mono<Void> clear = to.exists() ? tree.remove(to, Precondition.NONE) : Mono.empty();
                                return locking.checkWrite(request, caller, scopes)
                                        .then(clear)
                                        .then(transfer(from, destination, move, infinite))
                                        .then(Mono.defer(() -> {
                                            exchange.getResponse()
                                                    .setStatusCode(
                                                            to.exists() ? HttpStatus.NO_CONTENT : HttpStatus.CREATED);
                                            if (!to.exists()) {
                                                exchange.getResponse()
                                                        .getHeaders()
                                                        .setLocation(URI.create(destination.href(from.collection())));
                                            }
                                            return exchange.getResponse().setComplete();
                                        }));
                            });
                })
                .onErrorMap(
                        TargetExistsException.class,
                        e -> new DavException(
                                HttpStatus.PRECONDITION_FAILED,
                                "precondition-failed",
                                "The destination was taken meanwhile"))
                .onErrorMap(
                        KeyFolderConflictException.class,
                        e -> new DavException(HttpStatus.CONFLICT, "parent-missing", String.valueOf(e.getMessage())))
                .onErrorMap(
                        FolderTooLargeException.class,
                        e -> new DavException(
                                HttpStatus.INSUFFICIENT_STORAGE, "folder-too-large", String.valueOf(e.getMessage())));
    }

    private Mono<Void> transfer(DavResource from, DavPath to, boolean move, boolean infinite) {
        DavPath source = from.path();
        if (!from.collection()) {
            Mono<?> content = move
                    ? store.move(source.key(), to.key(), Precondition.NONE, Overwrite.NEVER)
                    : store.copy(source.key(), to.key(), Precondition.NONE, Overwrite.NEVER);
            return content.then(deadProperties.transfer(source.storePath(), to.storePath(), false, move))
                    .then(move ? locking.locks().removeWithin(source.storePath()) : Mono.empty());
        }
        if (move) {
            return store.moveFolder(source.key(), to.key(), Overwrite.NEVER)
                    .then(deadProperties.transferTree(source.storePath(), to.storePath(), true))
                    .then(locking.locks().removeWithin(source.storePath()));
        }
        if (!infinite) {
            return store.createFolder(to.key())
                    .then(deadProperties.transfer(source.storePath(), to.storePath(), true, false));
        }
        return store.copyFolder(source.key(), to.key(), Overwrite.NEVER)
                .then(deadProperties.transferTree(source.storePath(), to.storePath(), false));
    }

    /** The Destination header as a path of ours: 400 when missing or malformed, 502 when on another server. */
    private static DavPath destination(ServerHttpRequest request, DavCaller caller) {
        String header = request.getHeaders().getFirst("Destination");
        if (header == null || header.isBlank()) {
            throw new ApiException(ProblemCode.INVALID_HEADER, "COPY and MOVE need a Destination header");
        }
        URI uri;
        try {
            uri = URI.create(header.trim());
        } catch (IllegalArgumentException e) {
            throw new ApiException(ProblemCode.INVALID_HEADER, "The Destination is not a URI");
        }
        if (uri.getRawAuthority() != null) {
            String host = request.getHeaders().getFirst(HttpHeaders.HOST);
            if (host == null || !uri.getRawAuthority().equalsIgnoreCase(host)) {
                throw new DavException(
                        HttpStatus.BAD_GATEWAY, "destination-elsewhere", "The Destination is on another server");
            }
        }
        String raw = uri.getRawPath();
        if (raw == null || !(raw.equals(DavPath.ROUTE) || raw.startsWith(DavPath.ROUTE + "/"))) {
            throw new DavException(
                    HttpStatus.BAD_GATEWAY, "destination-elsewhere", "The Destination is not under " + DavPath.ROUTE);
        }
        return DavPath.parse(raw, caller.home());
    }

    private static boolean overwrite(@Nullable String header) {
        if (header == null) {
            return true;
        }
        return switch (header.trim().toUpperCase(Locale.ROOT)) {
            case "T" -> true;
            case "F" -> false;
            default -> throw new ApiException(ProblemCode.INVALID_HEADER, "Overwrite must be T or F");
        };
    }

    private static boolean depthInfinity(@Nullable String header, boolean move) {
        if (header == null) {
            return true;
        }
        String depth = header.trim().toLowerCase(Locale.ROOT);
        if (depth.equals("infinity")) {
            return true;
        }
        if (depth.equals("0") && !move) {
            return false;
        }
        throw new ApiException(
                ProblemCode.INVALID_HEADER,
                move ? "A MOVE's Depth must be infinity" : "A COPY's Depth must be 0 or infinity");
    }
}
