package dev.sluice.storage.local;

import dev.sluice.storage.ObjectKey;
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
        return stripes[Math.floorMod(key.value().hashCode(), stripes.length)];
    }
}
