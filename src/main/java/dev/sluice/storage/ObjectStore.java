package dev.sluice.storage;

import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A reactive store of objects addressed by {@link ObjectKey}: the one interface the web layer talks to, whatever
 * the backend (local disk, S3).
 *
 * <p>Contract for every method: nothing happens until the returned publisher is subscribed; no method blocks the
 * calling thread (blocking work runs on a bounded scheduler or an async client); failures are signalled as
 * {@link StorageException}s. Writing is two-step so that nothing partial is ever visible: {@link #stage} streams
 * content into a private staging area, {@link #publish} makes it visible under a key in one atomic step.
 * Policy (size limits, digests to verify, conflict handling) belongs to the caller; a store only moves bytes.
 */
public interface ObjectStore {

    /**
     * Streams {@code content} into the staging area, computing its SHA-256 on the way.
     *
     * <p>The store releases every buffer it receives. If {@code content} fails or the subscription is cancelled,
     * whatever was staged is removed before the error or cancel completes. On success the caller must hand the
     * staged object to {@link #publish} or {@link #discard}.
     */
    Mono<StagedObject> stage(Flux<DataBuffer> content, StageOptions options);

    /**
     * Makes a staged object visible at {@code key} (the one it was staged {@linkplain StageOptions#target toward},
     * if any), replacing what was there, in one atomic step: a reader sees
     * the old object or the new one, never a mix, and content and metadata change together. {@code precondition}
     * is tested against the current object atomically with the change. When the returned Mono succeeds, the
     * staged object is consumed; when it fails, the staged object still exists and may be published elsewhere.
     *
     * @throws PreconditionFailedException (signalled) when the precondition does not hold
     * @throws KeyFolderConflictException (signalled) when the key is a folder, or one of its folders is an object
     */
    Mono<WriteResult> publish(StagedObject staged, ObjectKey key, Precondition precondition);

    /** Removes a staged object that will not be published. Idempotent; never fails for a missing one. */
    Mono<Void> discard(StagedObject staged);

    /**
     * Opens the object at {@code key} for reading. The caller owns the returned {@link StoredObject} and must
     * close it.
     *
     * @throws ObjectNotFoundException (signalled) when no object is stored at the key
     */
    Mono<StoredObject> open(ObjectKey key);

    /**
     * Opens the object at {@code key} for reading, choosing how it will be served within what {@code options}
     * allow (a backend with local files may return an object with a {@link StoredObject#fileChannel}). The default
     * ignores the options.
     *
     * @throws ObjectNotFoundException (signalled) when no object is stored at the key
     */
    default Mono<StoredObject> open(ObjectKey key, ReadOptions options) {
        return open(key);
    }

    /**
     * The metadata of the object at {@code key}.
     *
     * @throws ObjectNotFoundException (signalled) when no object is stored at the key
     */
    Mono<ObjectInfo> stat(ObjectKey key);

    /**
     * Deletes the object at {@code key} once {@code precondition} holds for it, atomically with the test.
     *
     * @throws ObjectNotFoundException (signalled) when no object is stored at the key
     */
    Mono<Void> delete(ObjectKey key, Precondition precondition);

    /** Lists one page of objects and, for delimited queries, sub-folders, in UTF-8 byte order. */
    Mono<ListPage> list(ListQuery query);

    /**
     * Stages and publishes in one go: the staged content is discarded whatever happens unless it was published
     * ({@link Lifecycles#publishOrDiscard}). The content is staged {@linkplain StageOptions#toward toward}
     * {@code key}, so that a store may write it there in one pass.
     */
    default Mono<WriteResult> write(
            ObjectKey key, Flux<DataBuffer> content, StageOptions options, Precondition precondition) {
        return stage(content, options.toward(key))
                .flatMap(staged -> Lifecycles.publishOrDiscard(this, staged, key, precondition));
    }
}
