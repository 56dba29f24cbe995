package dev.sluice.files;

import dev.sluice.locks.LockGuard;
import dev.sluice.security.Caller;
import dev.sluice.security.SluiceAuthentication;
import dev.sluice.storage.FolderSummary;
import dev.sluice.storage.InvalidKeyException;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.Overwrite;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.PreconditionFailedException;
import dev.sluice.storage.TargetExistsException;
import dev.sluice.storage.WriteResult;
import dev.sluice.upload.AlternativeNames;
import dev.sluice.upload.ConflictPolicy;
import dev.sluice.web.ApiException;
import dev.sluice.web.FileInfo;
import dev.sluice.web.ProblemCode;
import java.util.List;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The policy of a move or copy, over the store's operations: parses and checks both keys (the key rules, and the
 * caller's home for the source AND the destination, which the filter chain cannot do since they are in the body),
 * applies {@code conflict} ({@code rename} tries numbered names, {@code a (1).txt}, in the destination's folder) and
 * the source's {@code If-Match}/{@code If-Unmodified-Since}/{@code If-None-Match}. A folder has no entity tag: a
 * condition on a folder never holds (412).
 */
@Component
class FileMoves {

    /** Numbered names tried for {@code conflict=rename} before giving up with 409. */
    static final int MAX_RENAMES = 100;

    private final ObjectStore store;
    private final LockGuard lockGuard;
    private final ResourceCompanions companions;

    FileMoves(ObjectStore store, LockGuard lockGuard, ResourceCompanions companions) {
        this.store = store;
        this.companions = companions;
        this.lockGuard = lockGuard;
    }

    /** Moves ({@code move}) or copies what {@code request} names; the response is the file's or the folder's. */
    Mono<ResponseEntity<Object>> run(TransferRequest request, HttpHeaders headers, boolean move) {
        String from = required(request.from(), "from");
        String to = required(request.to(), "to");
        ConflictPolicy conflict =
                request.conflict() == null ? ConflictPolicy.FAIL : ConflictPolicy.parse(request.conflict());
        boolean folder = from.endsWith("/");
        if (folder != to.endsWith("/")) {
            throw new ApiException(
                    ProblemCode.INVALID_REQUEST, "A folder ends in '/' on both sides, a file on neither");
        }
        ObjectKey source = ObjectKey.of(folder ? strip(from) : from);
        ObjectKey target = ObjectKey.of(folder ? strip(to) : to);
        if (folder && (target.equals(source) || target.value().startsWith(source.value() + "/"))) {
            throw new ApiException(ProblemCode.INVALID_REQUEST, "A folder cannot go into itself");
        }
        String sourceScope = folder ? source.value() + "/" : source.value();
        String targetScope = folder ? target.value() + "/" : target.value();
        HttpConditions conditions = HttpConditions.of(headers);
        Overwrite overwrite = conflict == ConflictPolicy.REPLACE ? Overwrite.REPLACE : Overwrite.NEVER;
        return checkHome(sourceScope, targetScope).then(Mono.defer(() -> {
            if (folder) {
                if (conditions.any()) {
                    return Mono.error(new PreconditionFailedException(
                            "A folder has no entity tag: a condition on '" + from + "' does not hold"));
                }
                return withFreeName(
                                conflict,
                                n -> n == 0 ? target : sibling(target, target.name() + " (" + n + ")"),
                                // A WebDAV lock binds the resource for the v1 API too: a move takes its source
                                // away, and either one writes into its destination (423 when locked).
                                key -> (move ? lockGuard.checkFolderUnlocked(sourceScope) : Mono.<Void>empty())
                                        .then(lockGuard.checkFolderUnlocked(key.value() + "/"))
                                        .then(
                                                move
                                                        ? store.moveFolder(source, key, overwrite)
                                                        : store.copyFolder(source, key, overwrite))
                                        .flatMap(summary -> followed(source, key, true, move)
                                                .thenReturn(new Moved<FolderSummary>(key, summary))))
                        .map(done -> ResponseEntity.ok().body((Object) new FolderTransfer(
                                from,
                                done.to().value() + "/",
                                done.result().files(),
                                done.result().bytes())));
            }
            Precondition precondition = conditions.forWrite();
            return withFreeName(
                            conflict,
                            n -> n == 0 ? target : sibling(target, AlternativeNames.numbered(target.name(), n)),
                            key -> (move ? lockGuard.checkUnlocked(List.of(source, key)) : lockGuard.checkUnlocked(key))
                                    .then(
                                            move
                                                    ? store.move(source, key, precondition, overwrite)
                                                    : store.copy(source, key, precondition, overwrite))
                                    .flatMap(result -> followed(source, key, false, move)
                                            .thenReturn(new Moved<WriteResult>(key, result))))
                    .map(done -> ResponseEntity.ok()
                            .location(FilesController.locationOf(done.to()))
                            .headers(FilesController.writeHeaders(done.result().info()))
                            .body((Object) FileInfo.of(done.result().info())));
        }));
    }

    private record Moved<T>(ObjectKey to, T result) {}

    /** What other features keep beside the source follows it to {@code to}. */
    private Mono<Void> followed(ObjectKey from, ObjectKey to, boolean folder, boolean move) {
        return move
                ? companions.moved(from.value(), to.value(), folder)
                : companions.copied(from.value(), to.value(), folder);
    }

    /** Runs {@code attempt} at the destination, and with {@code rename} at numbered ones while they are taken. */
    private static <T> Mono<Moved<T>> withFreeName(
            ConflictPolicy conflict,
            IntFunction<ObjectKey> candidate,
            java.util.function.Function<ObjectKey, Mono<Moved<T>>> attempt) {
        return tryName(conflict, candidate, attempt, 0);
    }

    private static <T> Mono<Moved<T>> tryName(
            ConflictPolicy conflict,
            IntFunction<ObjectKey> candidate,
            java.util.function.Function<ObjectKey, Mono<Moved<T>>> attempt,
            int n) {
        Mono<Moved<T>> once = attempt.apply(candidate.apply(n));
        if (conflict != ConflictPolicy.RENAME) {
            return once;
        }
        return once.onErrorResume(
                TargetExistsException.class,
                taken -> n < MAX_RENAMES
                        ? tryName(conflict, candidate, attempt, n + 1)
                        : Mono.error(new ApiException(
                                ProblemCode.CONFLICT,
                                "No free numbered name after " + MAX_RENAMES + " tries (conflict=rename)")));
    }

    private static ObjectKey sibling(ObjectKey key, String name) {
        return ObjectKey.of(key.folder() + name);
    }

    /**
     * Both keys must lie within the caller's home. The filter chain let only writers through; without a caller
     * (security off) there is no home.
     */
    private static Mono<Void> checkHome(String source, String target) {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(context ->
                        context.getAuthentication() instanceof SluiceAuthentication auth ? auth.caller() : null)
                .flatMap(caller -> reachesBoth(caller, source, target)
                        ? Mono.<Void>empty()
                        : Mono.error(new ApiException(
                                ProblemCode.FORBIDDEN, "Both the source and the destination must be in your home")))
                .then();
    }

    private static boolean reachesBoth(Caller caller, String source, String target) {
        return caller.reaches(source) && caller.reaches(target);
    }

    private static String required(@Nullable String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new ApiException(ProblemCode.INVALID_REQUEST, "'" + name + "' is required");
        }
        return value;
    }

    private static String strip(String folder) {
        String key = folder.substring(0, folder.length() - 1);
        if (key.isEmpty()) {
            throw new InvalidKeyException("the root is not a folder that can be moved or copied");
        }
        return key;
    }
}
