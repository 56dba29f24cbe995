package dev.sluice.health;

import dev.sluice.storage.CapacityAware;
import dev.sluice.storage.StorageProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps the storage's free space at hand for the {@code sluice.storage.free} gauge. Asking the filesystem blocks, and
 * a Prometheus scrape reads gauges on an event loop, so the value is refreshed every 10 seconds (and on every health
 * check) off the event loop and the gauge only reads the last one. Stores without finite capacity report nothing:
 * whether the store has a capacity is decided once, at wiring (a {@link CapacityAware} bean exists or not).
 * The {@code sluice.storage.min.free} gauge exports the threshold beside it, so a dashboard draws the line where
 * uploads start being refused as each instance is configured, not as someone copied it.
 */
@Component
public class FreeSpaceMonitor implements SmartLifecycle {

    private static final Duration PERIOD = Duration.ofSeconds(10);

    private final Optional<CapacityAware> capacity;
    private final AtomicLong free = new AtomicLong(-1);
    private volatile @Nullable Disposable refresher;

    public FreeSpaceMonitor(Optional<CapacityAware> capacity, StorageProperties properties, MeterRegistry registry) {
        this.capacity = capacity;
        if (capacity.isPresent()) {
            Gauge.builder("sluice.storage.free", free, AtomicLong::get)
                    .baseUnit("bytes")
                    .description("Free space where objects are stored")
                    .register(registry);
            long minFree = properties.minFreeSpace().toBytes();
            Gauge.builder("sluice.storage.min.free", () -> minFree)
                    .baseUnit("bytes")
                    .description("Uploads are refused (507) and readiness is DOWN below this much free space")
                    .register(registry);
        }
    }

    /** Asks the store now; completes empty for stores without finite capacity. */
    public Mono<Long> refresh() {
        return capacity.map(store -> store.usableSpace().doOnNext(free::set)).orElse(Mono.empty());
    }

    /** Whether the store has a finite capacity that this monitor follows. */
    public boolean tracksCapacity() {
        return capacity.isPresent();
    }

    @Override
    public void start() {
        refresher = Flux.interval(Duration.ZERO, PERIOD, Schedulers.boundedElastic())
                .onBackpressureDrop()
                .concatMap(tick -> refresh().onErrorResume(error -> Mono.empty()))
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = refresher;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable running = refresher;
        return running != null && !running.isDisposed();
    }
}
