package dev.sluice.storage;

/**
 * What a move or copy does when its destination is taken. The API's {@code conflict=rename} is the caller's policy,
 * not the store's: it picks a free name and moves there with {@link #NEVER}, asking again when it loses a race.
 */
public enum Overwrite {
    /**
     * Refuse with {@link TargetExistsException} when an object (or, for a folder, a folder) is at the destination.
     * WebDAV's {@code Overwrite: F}.
     */
    NEVER,
    /**
     * Replace an object at the destination. For a folder: merge into an existing destination folder, each object
     * replacing the one of the same key and every other one staying. WebDAV's {@code Overwrite: T}, which deletes
     * the destination first, is {@link ObjectStore#deleteFolder} (recursive) followed by a move with {@link #NEVER}.
     */
    REPLACE
}
