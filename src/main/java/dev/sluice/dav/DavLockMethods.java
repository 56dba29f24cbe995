package dev.sluice.dav;

import dev.sluice.locks.LockConflictException;
import dev.sluice.locks.Locks;
import dev.sluice.locks.ResourceLock;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.PreconditionFailedException;
import dev.sluice.upload.ContentDigests;
import dev.sluice.upload.ContentTypes;
import dev.sluice.upload.UploadService;
import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.w3c.dom.Element;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * LOCK and UNLOCK (RFC 4918 §9.10, §9.11): new locks (exclusive or shared, depth 0 or infinity, on a file, a folder,
 * or an unmapped URL, which gets an empty file), refreshes (a LOCK without body that submits the token), and
 * removal by the principal who took the lock.
 */
final class DavLockMethods {

    private final Locks locks;
    private final DavLocking locking;
    private final DavResources resources;
    private final DavBodies bodies;
    private final UploadService uploads;
    private final long maxTimeoutSeconds;

    DavLockMethods(
            DavLocking locking,
            DavResources resources,
            DavBodies bodies,
            UploadService uploads,
            DavProperties properties) {
        this.locks = locking.locks();
        this.locking = locking;
        this.resources = resources;
        this.bodies = bodies;
        this.uploads = uploads;
        this.maxTimeoutSeconds = properties.maxLockTimeout().toSeconds();
    }

    Mono<Void> lock(ServerWebExchange exchange, DavCaller caller, DavPath path) {
        ServerHttpRequest request = exchange.getRequest();
        long timeout = timeout(request.getHeaders().getFirst("Timeout"));
        return bodies.xml(exchange)
                .map(root -> newLock(exchange, caller, path, root, timeout))
                .switchIfEmpty(Mono.fromSupplier(() -> refresh(exchange, caller, path, timeout)))
                .flatMap(answer -> answer);
    }

    private Mono<Void> refresh(ServerWebExchange exchange, DavCaller caller, DavPath path, long timeout) {
        Set<String> tokens = DavLocking.submitted(exchange.getRequest());
        if (tokens.isEmpty()) {
            return Mono.error(DavXml.invalid("A LOCK without a body refreshes a lock: submit its token in If"));
        }
        return locking.checkCondition(exchange.getRequest(), caller, path).flatMap(active -> {
            ResourceLock held = active.stream()
                    .filter(lock -> tokens.contains(lock.token()) && lock.covers(path.storePath()))
                    .findFirst()
                    .orElse(null);
            if (held == null) {
                return Mono.error(new DavException(
                        HttpStatus.PRECONDITION_FAILED,
                        "lock-token-matches-request-uri",
                        "No lock of the submitted tokens covers this resource"));
            }
            if (!held.principal().equals(caller.principal())) {
                return Mono.error(new ApiException(ProblemCode.FORBIDDEN, "This lock belongs to someone else"));
            }
            return locks.refresh(held.token(), caller.principal(), timeout)
                    .switchIfEmpty(Mono.error(new DavException(
                            HttpStatus.PRECONDITION_FAILED, "lock-token-matches-request-uri", "The lock is gone")))
                    .flatMap(renewed -> resources
                            .resolve(path)
                            .flatMap(resource -> answer(exchange, HttpStatus.OK, resource, renewed, false)));
        });
    }

    private Mono<Void> newLock(ServerWebExchange exchange, DavCaller caller, DavPath path, Element root, long timeout) {
        if (!DavXml.is(root, "lockinfo")) {
            throw DavXml.invalid("a LOCK body must be a DAV:lockinfo element");
        }
        Element scope = DavXml.child(root, "lockscope");
        Element type = DavXml.child(root, "locktype");
        if (scope == null || type == null || DavXml.child(type, "write") == null) {
            throw DavXml.invalid("a DAV:lockinfo needs a lockscope and a write locktype");
        }
        boolean exclusive = DavXml.child(scope, "exclusive") != null;
        if (!exclusive && DavXml.child(scope, "shared") == null) {
            throw DavXml.invalid("the lockscope must be exclusive or shared");
        }
        Element ownerElement = DavXml.child(root, "owner");
        String owner = ownerElement == null ? "" : DavXml.serialize(ownerElement);
        boolean infinite = depthInfinity(exchange.getRequest().getHeaders().getFirst("Depth"));
        Locks.Request wanted =
                new Locks.Request(path.storePath(), infinite, exclusive, caller.principal(), owner, timeout);
        return resources.resolve(path).flatMap(resource -> {
            boolean creating = !resource.exists();
            DavPath parent = path.parent();
            Mono<Void> parentExists = creating && parent != null
                    ? resources
                            .folderExists(parent)
                            .flatMap(exists -> exists
                                    ? Mono.<Void>empty()
                                    : Mono.error(new DavException(
                                            HttpStatus.CONFLICT, "parent-missing", "The parent folder does not exist")))
                    : Mono.empty();
            // A new member changes its folder: a lock on the folder must be satisfied; an existing resource's own
            // locks are the conflict check's business
            Mono<?> allowed = creating
                    ? locking.checkWrite(
                            exchange.getRequest(), caller, List.of(new DavLocking.Scope(path, true, false)))
                    : locking.checkCondition(exchange.getRequest(), caller, path);
            return parentExists
                    .then(allowed)
                    .then(locks.lock(wanted))
                    .onErrorMap(
                            LockConflictException.class,
                            conflict -> new DavException(
                                    HttpStatus.LOCKED,
                                    "no-conflicting-lock",
                                    String.valueOf(conflict.getMessage()),
                                    hrefOf(path, conflict.conflictingRoot())))
                    .flatMap(created -> (creating ? createEmpty(path, created) : Mono.just(resource))
                            .flatMap(now -> answer(
                                    exchange, creating ? HttpStatus.CREATED : HttpStatus.OK, now, created, true)));
        });
    }

    /** Lock-null: an unmapped URL gets an empty file; the lock is removed again when that fails. */
    private Mono<DavResource> createEmpty(DavPath path, ResourceLock created) {
        return uploads.write(
                        path.key(),
                        Flux.empty(),
                        ContentTypes.forUpload(null, path.name()),
                        ContentDigests.NONE,
                        Precondition.ABSENT)
                .map(result -> new DavResource(path, result.info(), false))
                .onErrorResume(PreconditionFailedException.class, raced -> resources.resolve(path))
                .onErrorResume(e -> locks.unlock(created.token()).then(Mono.error(e)));
    }

    Mono<Void> unlock(ServerWebExchange exchange, DavCaller caller, DavPath path) {
        String header = exchange.getRequest().getHeaders().getFirst("Lock-Token");
        if (header == null || header.isBlank()) {
            return Mono.error(new ApiException(ProblemCode.INVALID_HEADER, "UNLOCK needs a Lock-Token header"));
        }
        String token = header.trim();
        if (token.startsWith("<") && token.endsWith(">")) {
            token = token.substring(1, token.length() - 1).trim();
        }
        String wanted = token;
        return locks.active().flatMap(active -> {
            ResourceLock held = active.stream()
                    .filter(lock -> lock.token().equals(wanted))
                    .findFirst()
                    .orElse(null);
            if (held == null || !held.covers(path.storePath())) {
                return Mono.error(new DavException(
                        HttpStatus.CONFLICT, "lock-token-matches-request-uri", "No such lock on this resource"));
            }
            if (!held.principal().equals(caller.principal())) {
                return Mono.error(new ApiException(ProblemCode.FORBIDDEN, "This lock belongs to someone else"));
            }
            return locks.unlock(wanted).then(Mono.defer(() -> {
                exchange.getResponse().setStatusCode(HttpStatus.NO_CONTENT);
                return exchange.getResponse().setComplete();
            }));
        });
    }

    private static Mono<Void> answer(
            ServerWebExchange exchange, HttpStatus status, DavResource resource, ResourceLock lock, boolean token) {
        if (token) {
            exchange.getResponse().getHeaders().set("Lock-Token", "<" + lock.token() + ">");
        }
        String body = DavXml.HEAD + "<D:prop xmlns:D=\"DAV:\"><D:lockdiscovery>"
                + LiveProperties.activeLock(resource, lock, Instant.now()) + "</D:lockdiscovery></D:prop>\n";
        return DavBodies.write(exchange.getResponse(), status, body);
    }

    private static List<String> hrefOf(DavPath path, String root) {
        DavPath sibling = path.sibling(root);
        return sibling == null ? List.of() : List.of(sibling.href(!root.equals(path.storePath())));
    }

    private static boolean depthInfinity(@Nullable String depth) {
        if (depth == null) {
            return true;
        }
        return switch (depth.trim().toLowerCase(Locale.ROOT)) {
            case "0" -> false;
            case "infinity" -> true;
            default -> throw new ApiException(ProblemCode.INVALID_HEADER, "A LOCK's Depth must be 0 or infinity");
        };
    }

    /** The first usable value of {@code Timeout} ({@code Second-n} or {@code Infinite}), at most the maximum. */
    private long timeout(@Nullable String header) {
        if (header == null) {
            return maxTimeoutSeconds;
        }
        for (String part : header.split(",")) {
            String value = part.trim();
            if (value.equalsIgnoreCase("Infinite")) {
                return maxTimeoutSeconds;
            }
            if (value.regionMatches(true, 0, "Second-", 0, 7)) {
                try {
                    long seconds = Long.parseLong(value.substring(7));
                    if (seconds > 0) {
                        return Math.min(seconds, maxTimeoutSeconds);
                    }
                } catch (NumberFormatException ignored) {
                    // the next one, if any
                }
            }
        }
        return maxTimeoutSeconds;
    }
}
