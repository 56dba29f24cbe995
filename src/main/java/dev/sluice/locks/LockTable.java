package dev.sluice.locks;

import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.PreconditionFailedException;
import dev.sluice.storage.StageOptions;
import dev.sluice.storage.StoredObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every lock, in one small JSON object of the store ({@code .sluice/dav-locks/table.json}: on local disk a file of the
 * state folder, on S3 an object), changed only by compare-and-set: a change is written with a precondition that the
 * table is still the version it was computed from, which the store checks atomically with the write (on S3 with
 * its conditional writes). Two instances that lock at once cannot both win; the loser re-reads and tries again. So
 * a lock taken through one instance holds on every instance and survives a restart. Expired locks are dropped
 * whenever the table is read.
 */
final class LockTable {

    static final ObjectKey KEY = ObjectKey.reserved("dav-locks/table.json");
    /** Far above any real table (about 300 bytes a lock), so that a corrupt or hostile record cannot exhaust memory. */
    private static final int MAX_TABLE_BYTES = 4 * 1024 * 1024;

    private static final int MAX_ATTEMPTS = 20;

    private final ObjectStore store;
    private final JsonMapper json;
    private final Clock clock;

    LockTable(ObjectStore store, JsonMapper json, Clock clock) {
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    /** The stored table. */
    record Stored(List<ResourceLock> locks) {
        Stored {
            locks = List.copyOf(locks);
        }
    }

    /** A read of the table: its unexpired locks, and the entity tag to change it against (null: no table yet). */
    record Snapshot(List<ResourceLock> locks, @Nullable String etag) {}

    /** The unexpired locks, as stored now. */
    Mono<List<ResourceLock>> active() {
        return read().map(Snapshot::locks);
    }

    /**
     * Applies {@code change} to the current locks and stores the result, retrying on a concurrent change. The
     * function may fail (a conflict) to abort; it returns the new lock list and a result.
     */
    <T> Mono<T> update(Function<List<ResourceLock>, Change<T>> change) {
        return Mono.defer(() -> read().flatMap(snapshot -> {
                    Change<T> next = change.apply(snapshot.locks());
                    if (next.locks() == null) {
                        return Mono.just(next.result());
                    }
                    return write(next.locks(), snapshot.etag()).thenReturn(next.result());
                }))
                .retryWhen(reactor.util.retry.Retry.fixedDelay(MAX_ATTEMPTS, Duration.ofMillis(5))
                        .filter(PreconditionFailedException.class::isInstance)
                        .jitter(0.9))
                .onErrorMap(
                        reactor.core.Exceptions::isRetryExhausted,
                        e -> new IllegalStateException("the lock table changed " + MAX_ATTEMPTS + " times meanwhile"));
    }

    /**
     * What an update does.
     *
     * @param locks the new list of locks, or null to leave the table as it is
     * @param result what the update answers
     */
    record Change<T>(@Nullable List<ResourceLock> locks, T result) {}

    private Mono<Snapshot> read() {
        return Mono.usingWhen(store.open(KEY), this::parse, object -> Mono.fromRunnable(object::close))
                .onErrorResume(ObjectNotFoundException.class, missing -> Mono.just(new Snapshot(List.of(), null)));
    }

    private Mono<Snapshot> parse(StoredObject object) {
        ObjectInfo info = object.info();
        if (info.size() > MAX_TABLE_BYTES) {
            return Mono.error(new IllegalStateException("the lock table is larger than " + MAX_TABLE_BYTES));
        }
        String etag = info.etag();
        if (info.size() == 0) {
            return Mono.just(new Snapshot(List.of(), etag));
        }
        return DataBufferUtils.join(object.read(0, info.size())).map(buffer -> {
            try {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                long now = clock.millis();
                List<ResourceLock> locks = json.readValue(bytes, Stored.class).locks().stream()
                        .filter(lock -> lock.expiresAt() > now)
                        .toList();
                return new Snapshot(locks, etag);
            } finally {
                DataBufferUtils.release(buffer);
            }
        });
    }

    private Mono<Void> write(List<ResourceLock> locks, @Nullable String expectedEtag) {
        byte[] bytes = json.writeValueAsBytes(new Stored(locks));
        Precondition unchanged = expectedEtag == null
                ? Precondition.ABSENT
                : current -> current != null && Objects.equals(current.etag(), expectedEtag);
        return store.write(
                        KEY,
                        Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes))),
                        new StageOptions("application/json"),
                        unchanged)
                .then();
    }
}
