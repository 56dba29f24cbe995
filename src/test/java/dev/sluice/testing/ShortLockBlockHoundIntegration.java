package dev.sluice.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Allows the few locks that are held for a handful of instructions, never across I/O or a wait for capacity, but
 * that BlockHound reports as blocking when concurrent requests make an event loop park on them for a moment. Each
 * rule names the exact method that takes the lock; everything else on an event loop stays checked, including the
 * file natives of {@link FileIoBlockHoundIntegration}. Reactor allows the same kind of lock for its own executors
 * ({@code ScheduledThreadPoolExecutor$DelayedWorkQueue.offer}).
 */
public final class ShortLockBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // Netty 4.2's AdaptivePoolingAllocator grows its magazine array under a StampedLock write lock when event
        // loops contend for buffers; Netty's own integration does not cover it yet (same rule: line/armeria#6344).
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup",
                "tryExpandMagazines");
        // AsynchronousFileChannel reads and writes are handed from the event loop to the store's fixed I/O pool
        // (Executors.newFixedThreadPool): its unbounded LinkedBlockingQueue.offer takes the queue's put lock and
        // never waits for space, and addWorker takes the pool's main lock while it starts a thread. The file I/O
        // itself runs on the pool's threads.
        builder.allowBlockingCallsInside("java.util.concurrent.LinkedBlockingQueue", "offer");
        builder.allowBlockingCallsInside("java.util.concurrent.ThreadPoolExecutor", "addWorker");
    }
}
