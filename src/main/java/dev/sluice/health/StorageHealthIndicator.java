package dev.sluice.health;

import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.StageOptions;
import dev.sluice.storage.StorageProperties;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code storage} health, part of the readiness group: UP when the backend accepts a write (an empty object is
 * staged through the real write path and discarded) and, for stores with finite capacity, free space is at least
 * {@code sluice.storage.min-free-space}. DOWN otherwise, so a balancer stops sending uploads to an instance that
 * would refuse them; it comes back UP by itself once the cause is gone.
 */
@Component("storage")
class StorageHealthIndicator implements ReactiveHealthIndicator {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ObjectStore store;
    private final FreeSpaceMonitor freeSpace;
    private final long minFreeSpace;

    StorageHealthIndicator(ObjectStore store, FreeSpaceMonitor freeSpace, StorageProperties properties) {
        this.store = store;
        this.freeSpace = freeSpace;
        this.minFreeSpace = properties.minFreeSpace().toBytes();
    }

    @Override
    public Mono<Health> health() {
        Mono<Health.Builder> writable = store.stage(Flux.empty(), new StageOptions("application/octet-stream"))
                .flatMap(staged -> store.discard(staged))
                .then(Mono.fromSupplier(() -> Health.up().withDetail("writable", true)))
                .onErrorResume(error -> Mono.just(Health.down()
                        .withDetail("writable", false)
                        .withDetail("error", String.valueOf(error.getMessage()))));
        return writable.flatMap(builder -> {
                    if (!freeSpace.tracksCapacity()) {
                        return Mono.just(builder.build());
                    }
                    return freeSpace.refresh().map(free -> {
                        builder.withDetail("free", free).withDetail("minFree", minFreeSpace);
                        if (free < minFreeSpace) {
                            builder.down().withDetail("reason", "free space below sluice.storage.min-free-space");
                        }
                        return builder.build();
                    });
                })
                .timeout(
                        TIMEOUT,
                        Mono.fromSupplier(() -> Health.down()
                                .withDetail("error", "storage did not answer within " + TIMEOUT.toSeconds() + " s")
                                .build()));
    }
}
