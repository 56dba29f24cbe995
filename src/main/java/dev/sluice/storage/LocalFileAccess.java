package dev.sluice.storage;

import org.jspecify.annotations.Nullable;
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

    /**
     * The object at {@code key} when the store holds it in memory (a small, recently read object), or null. Does no
     * I/O and never blocks, so it may be called on an event loop; the result is never staler than what
     * {@link ObjectStore#open} would return at the same moment. The returned object holds nothing that needs
     * closing, but closing it is allowed.
     */
    @Nullable StoredObject cached(ObjectKey key);
}
