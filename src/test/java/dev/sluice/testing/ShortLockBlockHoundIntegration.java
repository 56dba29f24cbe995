package dev.sluice.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Allows a lock in a library that is held for a handful of instructions, never across I/O, but that BlockHound
 * reports when concurrent requests make an event loop park on it for a moment. The rule names the exact method;
 * everything else on an event loop stays checked, including the file natives of {@link FileIoBlockHoundIntegration}.
 */
public final class ShortLockBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // Netty 4.2's AdaptivePoolingAllocator grows its magazine array under a StampedLock write lock when event
        // loops contend for buffers; Netty's own integration does not cover it yet (same rule: line/armeria#6344).
        builder.allowBlockingCallsInside(
                "io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
        // Nothing of Sluice's own is allowed here: the store's file I/O pool is fed through a lock-free queue and
        // starts all its threads up front, so handing it a read or write never takes a lock (see
        // LocalStorageConfiguration).
    }
}
