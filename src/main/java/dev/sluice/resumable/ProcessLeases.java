package dev.sluice.resumable;

import dev.sluice.resumable.UploadRecords.Versioned;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Leases kept in this process's memory, for a store no other process writes (a local root is locked by the one
 * process that opened it): taking one costs no record write, and a crash gives every lease back with the process.
 * The record is still changed by compare-and-swap on the version the lease was taken on, so a termination or a
 * sweep that slipped in between makes the save fail as it would with a lease in the record.
 */
final class ProcessLeases {

    private final UploadRecords records;
    private final Map<String, Object> held = new ConcurrentHashMap<>();

    ProcessLeases(UploadRecords records) {
        this.records = records;
    }

    /** Whether a PATCH of this process holds upload {@code id}. */
    boolean holds(String id) {
        return held.containsKey(id);
    }

    /** The lease on {@code found} with {@code state} as the holder sees it; null when another PATCH holds it. */
    @Nullable
    HeldLease take(Versioned found, UploadState state) {
        Object holder = new Object();
        if (held.putIfAbsent(state.id(), holder) != null) {
            return null;
        }
        return new Lease(found, state, holder);
    }

    private final class Lease implements HeldLease {

        private final Versioned taken;
        private final UploadState state;
        private final Object holder;
        private final AtomicBoolean given = new AtomicBoolean();

        Lease(Versioned taken, UploadState state, Object holder) {
            this.taken = taken;
            this.state = state;
            this.holder = holder;
        }

        @Override
        public UploadState state() {
            return state;
        }

        @Override
        public Mono<Versioned> save(UploadState next) {
            return Mono.defer(() -> records.replace(taken, next)).doFinally(signal -> release());
        }

        @Override
        public Mono<Void> giveBack() {
            return Mono.fromRunnable(this::release);
        }

        private void release() {
            if (given.compareAndSet(false, true)) {
                held.remove(state.id(), holder);
            }
        }
    }
}
