package dev.sluice.resumable;

import dev.sluice.resumable.UploadRecords.Versioned;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The lease of one PATCH on its upload, held in the upload's record (for stores that several processes share) ({@code leaseHolder}, {@code leaseUntil}) and
 * renewed every third of the lease while the chunk streams, so that it runs out only when its instance died. The
 * record's writes (renewals, then the final save or give-back) are chained one after the other, each a
 * compare-and-swap on the version the previous one wrote: a renewal that finds the record changed means the lease
 * was taken over (its holder was presumed dead), and the final save then fails too.
 */
final class RecordLease implements HeldLease {

    private static final Logger log = LoggerFactory.getLogger(RecordLease.class);

    private final UploadRecords records;
    private final Duration lease;
    private Versioned current; // guarded by this
    private Mono<Versioned> last; // guarded by this
    private final Disposable renewal;

    RecordLease(UploadRecords records, Versioned taken, Duration lease) {
        this.records = records;
        this.lease = lease;
        this.current = taken;
        this.last = Mono.just(taken);
        this.renewal = Flux.interval(lease.dividedBy(3))
                .concatMap(tick -> change(state -> state.withLease(
                                state.leaseHolder(), Instant.now().plus(lease)))
                        .onErrorResume(error -> {
                            log.warn(
                                    "Could not renew the lease of upload {}: {}",
                                    taken.state().id(),
                                    error.toString());
                            return Mono.empty();
                        }))
                .subscribe();
    }

    @Override
    public synchronized UploadState state() {
        return current.state();
    }

    /** Stops renewing, then saves {@code next} (which gives the lease back) after any renewal in flight. */
    @Override
    public Mono<Versioned> save(UploadState next) {
        renewal.dispose();
        return change(state -> next);
    }

    /** Stops renewing and gives the lease back, leaving the upload as it was; never fails. */
    @Override
    public Mono<Void> giveBack() {
        renewal.dispose();
        return change(state -> state.withLease(null, null)).then().onErrorResume(error -> Mono.empty());
    }

    private synchronized Mono<Versioned> change(UnaryOperator<UploadState> change) {
        Mono<Versioned> next = last.onErrorResume(error -> Mono.empty())
                .then(Mono.defer(() -> {
                    Versioned base = currentVersion();
                    return records.replace(base, change.apply(base.state()));
                }))
                .doOnNext(this::wrote)
                .cache();
        last = next;
        return next;
    }

    private synchronized Versioned currentVersion() {
        return current;
    }

    private synchronized void wrote(Versioned saved) {
        current = saved;
    }
}
