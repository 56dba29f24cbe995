package dev.sluice.storage;

import org.jspecify.annotations.Nullable;

/**
 * A test of the current state of a key that a write or delete must pass; the store evaluates it atomically with
 * the change, so that two conditional writers cannot both succeed.
 */
@FunctionalInterface
public interface Precondition {

    /** Always passes: an unconditional write or delete. */
    Precondition NONE = current -> true;

    /** Passes only when the key holds no object: create-only writes. */
    Precondition ABSENT = current -> current == null;

    /**
     * @param current the object now stored at the key, or null when there is none
     * @return whether the change may go ahead
     */
    boolean test(@Nullable ObjectInfo current);
}
