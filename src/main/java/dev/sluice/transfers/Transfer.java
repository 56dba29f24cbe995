package dev.sluice.transfers;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * One upload or download in progress: counts its bytes as they pass and is finished exactly once. Thread-safe:
 * bytes are added from event loops and I/O threads.
 */
public final class Transfer {

    private final long id;
    private final Direction direction;
    private final String target;
    private final long expectedBytes;
    private final Instant started = Instant.now();
    private final long startNanos = System.nanoTime();
    private final LongAdder bytes = new LongAdder();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final Transfers owner;

    Transfer(long id, Direction direction, String target, long expectedBytes, Transfers owner) {
        this.id = id;
        this.direction = direction;
        this.target = target;
        this.expectedBytes = expectedBytes;
        this.owner = owner;
    }

    /** Counts {@code count} more bytes moved. */
    public void add(long count) {
        bytes.add(count);
        owner.countBytes(direction, count);
    }

    /** Ends the transfer; later calls do nothing. */
    void finish(Outcome outcome, int status, String reason) {
        if (finished.compareAndSet(false, true)) {
            owner.finished(this, outcome, status, reason);
        }
    }

    long id() {
        return id;
    }

    Direction direction() {
        return direction;
    }

    /** The key, or for a multipart upload the request path and prefix. */
    String target() {
        return target;
    }

    long expectedBytes() {
        return expectedBytes;
    }

    long bytes() {
        return bytes.sum();
    }

    Instant started() {
        return started;
    }

    long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }

    /** Which way the bytes go. */
    public enum Direction {
        UPLOAD,
        DOWNLOAD;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How a transfer ended: a bounded set, used as a metric tag. */
    enum Outcome {
        /** 2xx or 3xx. */
        SUCCESS,
        /** Refused by the server's rules: a 4xx, or 507. */
        REFUSED,
        /** The server failed: any other 5xx. */
        FAILED,
        /** The client went away first. */
        CANCELLED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
