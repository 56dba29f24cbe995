package dev.sluice.storage;

import reactor.core.publisher.Mono;

/** An optional capability of stores with finite local capacity, such as a disk. */
public interface CapacityAware {

    /** Bytes that may still be written, as the filesystem reports them. Runs off the event loop. */
    Mono<Long> usableSpace();
}
