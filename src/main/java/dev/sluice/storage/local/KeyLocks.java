package dev.sluice.storage.local;

import dev.sluice.storage.ObjectKey;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks that make "test the precondition, then rename or delete" atomic per key within this process (the
 * root lock keeps other processes out). Held only around a few metadata operations, on bounded-elastic threads,
 * never on an event loop.
 */
final class KeyLocks {

    private final ReentrantLock[] stripes = new ReentrantLock[256];

    KeyLocks() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    ReentrantLock forKey(ObjectKey key) {
        return stripes[stripe(key)];
    }

    /**
     * The locks of two keys, in stripe order (so that two movers of the same pair, either way round, cannot
     * deadlock); one lock when both keys share a stripe.
     */
    List<ReentrantLock> forKeys(ObjectKey first, ObjectKey second) {
        int a = stripe(first);
        int b = stripe(second);
        if (a == b) {
            return List.of(stripes[a]);
        }
        return List.of(stripes[Math.min(a, b)], stripes[Math.max(a, b)]);
    }

    private int stripe(ObjectKey key) {
        return Math.floorMod(key.value().hashCode(), stripes.length);
    }
}
