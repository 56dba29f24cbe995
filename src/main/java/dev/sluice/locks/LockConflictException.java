package dev.sluice.locks;

/** A LOCK refused because it conflicts with a lock someone holds (423 with {@code no-conflicting-lock}). */
public final class LockConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String conflictingRoot;

    public LockConflictException(String message, String conflictingRoot) {
        super(message);
        this.conflictingRoot = conflictingRoot;
    }

    public String conflictingRoot() {
        return conflictingRoot;
    }
}
