package dev.sluice.locks;

import dev.sluice.storage.ObjectKey;
import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The check the v1 API's writes, moves and deletes call before they change a key: a lock binds the resource, not
 * the protocol, so an upload from the page cannot overwrite a document that is open in an editor over WebDAV. The
 * v1 API has no way to submit a lock token, so any lock covering the key refuses the change with 423
 * {@code locked}.
 */
public final class LockGuard {

    private final Locks locks;

    public LockGuard(Locks locks) {
        this.locks = locks;
    }

    /** Completes empty when no lock covers {@code key}; else fails with 423 {@code locked}. */
    public Mono<Void> checkUnlocked(ObjectKey key) {
        return checkUnlocked(List.of(key));
    }

    /** Completes empty when no lock covers any of {@code keys}; else fails with 423 {@code locked}. */
    public Mono<Void> checkUnlocked(List<ObjectKey> keys) {
        return locks.active().flatMap(active -> {
            for (ObjectKey key : keys) {
                for (ResourceLock lock : active) {
                    if (lock.covers(key.value())) {
                        return Mono.error(new ApiException(
                                ProblemCode.LOCKED,
                                "'" + key + "' is locked (by a WebDAV client); it cannot be changed until it is"
                                        + " unlocked or the lock expires"));
                    }
                }
            }
            return Mono.empty();
        });
    }

    /**
     * Completes empty when no lock covers {@code folderPrefix} (ending in {@code /}) or anything under it, such as
     * before a folder is moved or deleted; else fails with 423 {@code locked}.
     */
    public Mono<Void> checkFolderUnlocked(String folderPrefix) {
        String path = folderPrefix.endsWith("/") ? folderPrefix.substring(0, folderPrefix.length() - 1) : folderPrefix;
        return locks.active()
                .flatMap(active -> active.stream().anyMatch(lock -> lock.covers(path) || lock.within(path))
                        ? Mono.error(new ApiException(
                                ProblemCode.LOCKED,
                                "Something in '" + folderPrefix + "' is locked (by a WebDAV client)"))
                        : Mono.empty());
    }
}
