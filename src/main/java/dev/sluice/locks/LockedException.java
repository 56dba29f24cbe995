package dev.sluice.locks;

import java.util.List;

/** A change refused because a lock whose token the request did not submit covers the resource (423 Locked). */
public final class LockedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> lockedRoots;

    public LockedException(String message, List<String> lockedRoots) {
        super(message);
        this.lockedRoots = List.copyOf(lockedRoots);
    }

    /** The roots (paths) of the locks that were not satisfied. */
    public List<String> lockedRoots() {
        return lockedRoots;
    }
}
