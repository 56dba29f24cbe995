package dev.sluice.storage.s3;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The one memory budget for part buffers across all uploads of a store: a pool of permits, each allowing one part
 * buffer. {@link #acquire} never blocks a thread: a caller without a permit waits in a queue and is handed the next
 * permit released. {@link #inUse()} and {@link #peakInUse()} make the bound observable.
 */
final class PartBudget {

    private final int permits;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final AtomicInteger inUse = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private int available;

    PartBudget(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("at least one part buffer is needed");
        }
        this.permits = permits;
        this.available = permits;
    }

    /**
     * A permit, emitted when one is free. Cancelling the wait gives back a permit that was granted meanwhile, so a
     * cancelled upload never keeps one.
     */
    Mono<Permit> acquire() {
        return Mono.<Permit>create(sink -> {
                    Waiter waiter = new Waiter(sink);
                    sink.onCancel(waiter::cancel);
                    boolean granted;
                    // A monitor held for a few instructions, never across I/O or a callback: no event loop waits on it.
                    synchronized (this) {
                        granted = available > 0;
                        if (granted) {
                            available--;
                        } else {
                            waiters.add(waiter);
                        }
                    }
                    if (granted && !waiter.grant()) {
                        handBack(); // cancelled before it could be served
                    }
                })
                .doOnDiscard(Permit.class, Permit::release);
    }

    /** Permits held now. */
    int inUse() {
        return inUse.get();
    }

    /** The most permits ever held at once. */
    int peakInUse() {
        return peak.get();
    }

    /** The size of the budget. */
    int permits() {
        return permits;
    }

    private void handBack() {
        while (true) {
            Waiter next;
            synchronized (this) {
                next = waiters.poll();
                if (next == null) {
                    available++;
                    return;
                }
            }
            if (next.grant()) {
                return;
            }
        }
    }

    private synchronized void forget(Waiter waiter) {
        waiters.remove(waiter);
    }

    /** One part buffer's worth of the budget; {@link #release} is idempotent. */
    final class Permit {

        private final AtomicBoolean released = new AtomicBoolean();

        private Permit() {
            peak.accumulateAndGet(inUse.incrementAndGet(), Math::max);
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                inUse.decrementAndGet();
                handBack();
            }
        }
    }

    private final class Waiter {

        private static final int WAITING = 0;
        private static final int GRANTED = 1;
        private static final int CANCELLED = 2;

        private final MonoSink<Permit> sink;
        private final AtomicInteger state = new AtomicInteger(WAITING);

        Waiter(MonoSink<Permit> sink) {
            this.sink = sink;
        }

        /** Hands this waiter a permit; false when it was cancelled and the permit must go to someone else. */
        boolean grant() {
            if (!state.compareAndSet(WAITING, GRANTED)) {
                return false;
            }
            // If the subscriber cancels between here and delivery, the sink discards the permit: doOnDiscard
            // releases it.
            sink.success(new Permit());
            return true;
        }

        void cancel() {
            if (state.compareAndSet(WAITING, CANCELLED)) {
                forget(this);
            }
        }
    }
}
