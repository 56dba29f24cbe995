package dev.sluice.resumable;

import dev.sluice.upload.UploadsProperties;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Removes expired uploads on its own, every {@code sluice.uploads.sweep-interval} on every instance (each sweep is
 * idempotent, so instances sharing a bucket need no coordination), first after a random part of the interval so
 * that instances started together do not sweep together. Removal is the same on every backend: the upload's data
 * through the store's {@code ResumableData}, then its record.
 */
@Component
class ExpirySweep implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ExpirySweep.class);

    private final TusUploads uploads;
    private final Duration interval;
    private volatile Disposable running = () -> {};
    private volatile boolean started;

    ExpirySweep(TusUploads uploads, UploadsProperties properties) {
        this.uploads = uploads;
        this.interval = properties.sweepInterval();
    }

    @Override
    public void start() {
        Duration first = Duration.ofMillis(ThreadLocalRandom.current().nextLong(interval.toMillis() / 2 + 1));
        running = Flux.interval(first, interval)
                .onBackpressureDrop()
                .concatMap(tick -> uploads.sweep()
                        .doOnNext(removed -> {
                            if (removed > 0) {
                                log.info("Removed {} expired upload(s)", removed);
                            }
                        })
                        .onErrorResume(error -> {
                            log.warn("The sweep of expired uploads failed: {}", error.toString());
                            return Mono.empty();
                        }))
                .subscribe();
        started = true;
    }

    @Override
    public void stop() {
        running.dispose();
        started = false;
    }

    @Override
    public boolean isRunning() {
        return started;
    }
}
