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
     * Creates the folder {@code folder} (named by its key without the trailing {@code /}) and its missing parents.
     * An empty folder stays, and is listed as a prefix, until it is deleted with {@link #deleteFolder}; deleting the
     * objects in a folder never removes the folder. Local disk: a directory; S3: a zero-byte marker object at
     * {@code folder/}.
     *
     * @return true when the folder was created, false when it existed already (with or without objects in it)
     * @throws KeyFolderConflictException (signalled) when an object is at {@code folder} or at one of its parents
     */
    Mono<Boolean> createFolder(ObjectKey folder);

    /**
     * Whether {@code folder} is a folder: created by {@link #createFolder}, by another program (a directory, an S3
     * marker), or holding objects. Never fails for a missing folder.
     */
    Mono<Boolean> folderExists(ObjectKey folder);

    /**
     * Deletes the folder {@code folder}. Without {@code recursive}, only an empty one; with it, every object and
     * folder below it first (objects one by one on S3: not atomic; a failure part way leaves the rest, and a repeated
     * call deletes it).
     *
     * @return what was deleted ({@link FolderSummary#EMPTY} for an empty folder)
     * @throws ObjectNotFoundException (signalled) when there is no folder at {@code folder}
     * @throws FolderNotEmptyException (signalled) when the folder holds something and {@code recursive} is false
     */
    Mono<FolderSummary> deleteFolder(ObjectKey folder, boolean recursive);

    /**
     * Moves the object at {@code from} to {@code to}, content and metadata (content type, SHA-256, CRC-32) as they
     * are, and creates the missing folders of {@code to}. Local disk: one atomic rename, so the object is at one key
     * or the other, never both nor neither. S3: a server-side copy, then the source is deleted; a failure between
     * the two leaves both (never neither).
     *
     * @param sourceCondition tested against the object at {@code from} before anything changes (atomically with the
     *     rename on local disk)
     * @param overwrite what to do when an object is at {@code to}
     * @return the object now at {@code to}; {@code created} is false when it replaced one
     * @throws ObjectNotFoundException (signalled) when no object is at {@code from}
     * @throws PreconditionFailedException (signalled) when {@code sourceCondition} does not hold
     * @throws TargetExistsException (signalled) when an object is at {@code to} and {@code overwrite} is
     *     {@link Overwrite#NEVER}
     * @throws KeyFolderConflictException (signalled) when {@code to} is a folder, or one of its folders an object
     */
    Mono<WriteResult> move(ObjectKey from, ObjectKey to, Precondition sourceCondition, Overwrite overwrite);

    /**
     * Copies the object at {@code from} to {@code to}: published atomically like a {@link #publish}, with the
     * source's content type; the copy's SHA-256 and CRC-32 are known once it is visible. Local disk: streamed
     * through staging; S3: server-side ({@code CopyObject}, multipart above 5 GB). Same errors as {@link #move}.
     */
    Mono<WriteResult> copy(ObjectKey from, ObjectKey to, Precondition sourceCondition, Overwrite overwrite);

    /**
     * Moves the folder {@code from} with everything in it to {@code to} (created with its parents). Local disk: one
     * atomic rename when {@code to} does not exist. S3: object by object (at most the backend's configured number),
     * each copied before its source is deleted, so a crash part way loses nothing and the same call, repeated,
     * completes the move. With {@link Overwrite#REPLACE} an existing folder at {@code to} receives the objects
     * (merged).
     *
     * @throws ObjectNotFoundException (signalled) when there is no folder at {@code from}
     * @throws TargetExistsException (signalled) when {@code to} is a folder and {@code overwrite} is
     *     {@link Overwrite#NEVER} (a repeated S3 move that was interrupted is no conflict)
     * @throws KeyFolderConflictException (signalled) when an object is at {@code to} or one of its parents, or an
     *     object of one would land on a folder of the other
     * @throws InvalidKeyException (signalled) when {@code to} is {@code from} or inside it
     * @throws FolderTooLargeException (signalled) when the backend moves object by object and the folder holds more
     *     than it allows; nothing changed
     */
    Mono<FolderSummary> moveFolder(ObjectKey from, ObjectKey to, Overwrite overwrite);

    /**
     * Copies the folder {@code from} with everything in it (empty folders too) to {@code to}, each object as
     * {@link #copy} does. Not atomic as a whole: a failure part way leaves the objects copied so far. Same errors
     * as {@link #moveFolder}.
     */
    Mono<FolderSummary> copyFolder(ObjectKey from, ObjectKey to, Overwrite overwrite);

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
