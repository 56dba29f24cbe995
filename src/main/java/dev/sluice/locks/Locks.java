package dev.sluice.locks;

import dev.sluice.storage.ObjectStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The lock manager: takes, refreshes and removes write locks, and answers which locks apply where. Every answer
 * comes from the stored table ({@link LockTable}), never from memory, so all instances agree.
 */
public final class Locks {

    private final LockTable table;
    private final Clock clock;

    public Locks(ObjectStore store, JsonMapper json, Clock clock) {
        this.table = new LockTable(store, json, clock);
        this.clock = clock;
    }

    /**
     * What a LOCK asks for.
     *
     * @param root the resource's path (a key, or a folder's key without {@code /}; empty for the root)
     * @param infinite depth infinity
     * @param exclusive exclusive rather than shared
     * @param principal who takes it
     * @param owner the client's owner element as XML, or empty
     * @param timeoutSeconds the timeout to grant
     */
    public record Request(
            String root, boolean infinite, boolean exclusive, String principal, String owner, long timeoutSeconds) {}

    /** Every unexpired lock. */
    public Mono<List<ResourceLock>> active() {
        return table.active();
    }

    /**
     * Takes a new lock, unless it conflicts with one held: an exclusive lock conflicts with any lock it overlaps,
     * a shared lock with an exclusive one. Overlap: one lock covers the other's root.
     *
     * @throws LockConflictException (signalled) on a conflict
     */
    public Mono<ResourceLock> lock(Request request) {
        return table.update(locks -> {
            ResourceLock created = new ResourceLock(
                    "urn:uuid:" + UUID.randomUUID(),
                    request.root(),
                    request.infinite(),
                    request.exclusive(),
                    request.principal(),
                    request.owner(),
                    request.timeoutSeconds(),
                    expiry(request.timeoutSeconds()));
            for (ResourceLock held : locks) {
                boolean overlap = held.covers(created.root()) || created.covers(held.root());
                if (overlap && (held.exclusive() || created.exclusive())) {
                    throw new LockConflictException(
                            "'" + request.root() + "' conflicts with a lock on '" + held.root() + "'", held.root());
                }
            }
            List<ResourceLock> next = new ArrayList<>(locks);
            next.add(created);
            return new LockTable.Change<>(next, created);
        });
    }

    /** Extends the lock {@code token} of {@code principal} by a new timeout; empty when there is no such lock. */
    public Mono<ResourceLock> refresh(String token, String principal, long timeoutSeconds) {
        return table.update(locks -> {
                    Optional<ResourceLock> found = locks.stream()
                            .filter(lock -> lock.token().equals(token)
                                    && lock.principal().equals(principal))
                            .findFirst();
                    if (found.isEmpty()) {
                        return new LockTable.Change<Optional<ResourceLock>>(null, Optional.empty());
                    }
                    ResourceLock old = found.get();
                    ResourceLock renewed = new ResourceLock(
                            old.token(),
                            old.root(),
                            old.infinite(),
                            old.exclusive(),
                            old.principal(),
                            old.owner(),
                            timeoutSeconds,
                            expiry(timeoutSeconds));
                    List<ResourceLock> next = new ArrayList<>(locks);
                    next.set(locks.indexOf(old), renewed);
                    return new LockTable.Change<>(next, Optional.of(renewed));
                })
                .flatMap(Mono::justOrEmpty);
    }

    /** Removes the lock {@code token}; completes with whether it was there. */
    public Mono<Boolean> unlock(String token) {
        return table.update(locks -> {
            List<ResourceLock> next =
                    locks.stream().filter(lock -> !lock.token().equals(token)).toList();
            return next.size() == locks.size()
                    ? new LockTable.Change<>(null, false)
                    : new LockTable.Change<>(next, true);
        });
    }

    /** Removes every lock rooted at {@code path} or below it: the resources are gone (deleted or moved away). */
    public Mono<Void> removeWithin(String path) {
        return table.update(locks -> {
                    List<ResourceLock> next =
                            locks.stream().filter(lock -> !lock.within(path)).toList();
                    return next.size() == locks.size()
                            ? new LockTable.Change<>(null, Boolean.FALSE)
                            : new LockTable.Change<>(next, Boolean.TRUE);
                })
                .then();
    }

    private long expiry(long timeoutSeconds) {
        return clock.millis() + timeoutSeconds * 1000;
    }
}
