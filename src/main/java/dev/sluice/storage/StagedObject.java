package dev.sluice.storage;

/**
 * Content that has been written completely to a store's private staging area but is not yet visible under any
 * key. {@link ObjectStore#publish} makes it visible atomically; {@link ObjectStore#discard} removes it.
 */
public interface StagedObject {

    /** Content length in bytes. */
    long size();

    /** Lowercase hex SHA-256 of the content, computed while it streamed in. */
    String sha256();

    /** The media type that will be stored with the object. */
    String contentType();
}
