package dev.sluice.dav;

import dev.sluice.locks.Locks;
import dev.sluice.locks.ResourceLock;
import dev.sluice.storage.InvalidKeyException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The rule every WebDAV method that changes something passes first (RFC 4918 §7, §10.4): the {@code If} header, when
 * sent, must hold (else 412), and every lock on what the method changes must have its token submitted, by the
 * principal who took it (else 423 with {@code lock-token-submitted}). What a method changes: the resource itself; a
 * folder's membership when it adds or removes a member (so a lock on the folder counts); and, for a folder deleted
 * or moved, everything under it.
 */
final class DavLocking {

    /** What a change touches, for the locks that must be satisfied. */
    record Scope(DavPath target, boolean membership, boolean subtree) {
        static Scope content(DavPath target) {
            return new Scope(target, false, false);
        }
    }

    private final Locks locks;
    private final DavResources resources;

    DavLocking(Locks locks, DavResources resources) {
        this.locks = locks;
        this.resources = resources;
    }

    Locks locks() {
        return locks;
    }

    /** Checks the If header alone (for methods that change nothing): 412 when it is sent and does not hold. */
    Mono<List<ResourceLock>> checkCondition(ServerHttpRequest request, DavCaller caller, DavPath target) {
        return locks.active()
                .flatMap(active -> evaluate(request, caller, target, active).thenReturn(active));
    }

    /** Checks a change: the If header, then every lock the scopes touch. Completes with the active locks. */
    Mono<List<ResourceLock>> checkWrite(ServerHttpRequest request, DavCaller caller, List<Scope> scopes) {
        DavPath first = scopes.get(0).target();
        return locks.active()
                .flatMap(active -> evaluate(request, caller, first, active).then(Mono.defer(() -> {
                    Set<String> submitted = submitted(request);
                    // Per locked root, one of its locks (several when shared) must be submitted by its owner
                    Map<String, Boolean> roots = new java.util.LinkedHashMap<>();
                    for (Scope scope : scopes) {
                        for (ResourceLock lock : active) {
                            if (applies(lock, scope)) {
                                boolean satisfied = submitted.contains(lock.token())
                                        && lock.principal().equals(caller.principal());
                                roots.merge(lock.root(), satisfied, Boolean::logicalOr);
                            }
                        }
                    }
                    DavPath target = scopes.get(0).target();
                    List<String> unsatisfied = new ArrayList<>();
                    roots.forEach((root, satisfied) -> {
                        if (!satisfied) {
                            DavPath path = target.sibling(root);
                            unsatisfied.add(path == null ? root : path.href(!root.equals(target.storePath())));
                        }
                    });
                    if (!unsatisfied.isEmpty()) {
                        return Mono.error(new DavException(
                                HttpStatus.LOCKED,
                                "lock-token-submitted",
                                "Locked: submit the lock token in the If header",
                                unsatisfied));
                    }
                    return Mono.just(active);
                })));
    }

    private static boolean applies(ResourceLock lock, Scope scope) {
        String path = scope.target().storePath();
        if (lock.covers(path)) {
            return true;
        }
        DavPath parent = scope.target().parent();
        if (scope.membership() && parent != null && lock.covers(parent.storePath())) {
            return true;
        }
        return scope.subtree() && lock.within(path);
    }

    /** The tokens the request submits: those of its If header outside {@code Not}. */
    static Set<String> submitted(ServerHttpRequest request) {
        String value = request.getHeaders().getFirst("If");
        return value == null ? Set.of() : IfHeader.parse(value).submittedTokens();
    }

    private Mono<Void> evaluate(
            ServerHttpRequest request, DavCaller caller, DavPath target, List<ResourceLock> active) {
        String value = request.getHeaders().getFirst("If");
        if (value == null) {
            return Mono.empty();
        }
        IfHeader header = IfHeader.parse(value);
        boolean needsEtags = header.lists().stream()
                .flatMap(list -> list.conditions().stream())
                .anyMatch(condition -> condition.etag() != null);
        Map<String, DavPath> tagged = new HashMap<>();
        for (String tag : header.resources()) {
            DavPath path = pathOfTag(tag, caller);
            if (path != null) {
                tagged.put(tag, path);
            }
        }
        Mono<Map<String, String>> etags = needsEtags
                ? Flux.concat(Flux.just(target), Flux.fromIterable(tagged.values()))
                        .concatMap(path -> resources.resolve(path))
                        .flatMap(resource -> {
                            var info = resource.info();
                            String etag = info == null ? null : info.etag();
                            return etag == null
                                    ? Mono.<Map.Entry<String, String>>empty()
                                    : Mono.just(Map.entry(resource.path().storePath(), etag));
                        })
                        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                : Mono.just(Map.of());
        return etags.flatMap(known -> {
            boolean holds = header.holds(tag -> {
                DavPath path = tag == null ? target : tagged.get(tag);
                return state(path, active, known);
            });
            return holds
                    ? Mono.<Void>empty()
                    : Mono.error(new DavException(
                            HttpStatus.PRECONDITION_FAILED, "precondition-failed", "The If header does not hold"));
        });
    }

    private static IfHeader.State state(@Nullable DavPath path, List<ResourceLock> active, Map<String, String> etags) {
        return new IfHeader.State() {
            @Override
            public @Nullable String etag() {
                return path == null ? null : etags.get(path.storePath());
            }

            @Override
            public boolean locked(String token) {
                return path != null
                        && active.stream()
                                .anyMatch(lock -> lock.token().equals(token) && lock.covers(path.storePath()));
            }
        };
    }

    /** The path a resource tag (an absolute URI or path) names, or null when it is not one of ours. */
    static @Nullable DavPath pathOfTag(String tag, DavCaller caller) {
        try {
            String raw = URI.create(tag.trim()).getRawPath();
            return raw == null ? null : DavPath.parse(raw, caller.home());
        } catch (IllegalArgumentException | InvalidKeyException e) {
            return null;
        }
    }
}
