package dev.sluice.storage;

import reactor.core.publisher.Mono;

/**
 * An optional capability of stores whose objects live in local files: such an object can be sent with zero-copy
 * ({@code sendfile}) from a {@link java.nio.channels.FileChannel} opened once, so headers and bytes still come from
 * one version.
 */
public interface LocalFileAccess {

    /**
     * Opens the object at {@code key} as a file. Runs off the event loop.
     *
     * @throws ObjectNotFoundException (signalled) when no object is stored at the key
     */
    Mono<StoredFile> openFile(ObjectKey key);
}
