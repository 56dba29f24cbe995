package dev.sluice.storage.s3;

import dev.sluice.storage.FolderSummary;
import dev.sluice.storage.KeyFolderConflictException;
import dev.sluice.storage.ListPage;
import dev.sluice.storage.ListQuery;
import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.Overwrite;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.PreconditionFailedException;
import dev.sluice.storage.ResumableData;
import dev.sluice.storage.StageOptions;
import dev.sluice.storage.StagedObject;
import dev.sluice.storage.StorageIoException;
import dev.sluice.storage.StoredObject;
import dev.sluice.storage.TargetExistsException;
import dev.sluice.storage.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;

/**
 * The {@link ObjectStore} on an S3 bucket, through the SDK's non-blocking {@link S3AsyncClient}.
 *
 * <p>Layout: the object at key {@code k} is the S3 object {@code <keyPrefix>k}, with its content type as the S3
 * Content-Type and its SHA-256, size and last-modified seconds as user metadata; staged content lives at
 * {@code <keyPrefix>.sluice/staging/<id>} until a server-side copy publishes it. What S3 cannot guarantee (a
 * version that stays readable while open, an atomic key/folder check) is described in docs/ARCHITECTURE.md.
 */
public final class S3ObjectStore implements ObjectStore {

    static final String SHA256 = "sha256";
    static final String SIZE = "size";
    static final String MTIME = "mtime";
    /** The content's CRC-32 in hex, for ZIP archives with known sizes (absent on objects published before it). */
    static final String CRC32 = "crc32";

    /** The default lease of a publish lock (sluice.storage.s3.lock-lease). */
    static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    private final S3AsyncClient client;
    private final String bucket;
    private final String keyPrefix;
    private final int partSize;
    private final PartBudget budget;
    private final DataBufferFactory buffers;
    private final CopySettings copy;
    private final ConditionalWrites writes;
    private final @Nullable PublishLocks locks;
    private final S3DigestRecords digests;
    private final S3Heads heads;
    private final DirectPublish direct;
    private final KeyQueue changes = new KeyQueue();
    private final AtomicLong openStreams = new AtomicLong();
    private final S3Folders folders;

    /**
     * @param client the client; the caller closes it
     * @param keyPrefix prepended to every key in the bucket; empty for none
     * @param partSize bytes per multipart part and per part buffer, at least 5 MiB
     * @param partBuffers how many part buffers all uploads may hold together
     * @param buffers the factory read buffers are allocated from
     */
    public S3ObjectStore(
            S3AsyncClient client,
            String bucket,
            String keyPrefix,
            int partSize,
            int partBuffers,
            DataBufferFactory buffers) {
        this(client, bucket, keyPrefix, partSize, partBuffers, CopySettings.DEFAULT, buffers);
    }

    /**
     * @param client the client; the caller closes it
     * @param keyPrefix prepended to every key in the bucket; empty for none
     * @param partSize bytes per multipart part and per part buffer, at least 5 MiB
     * @param partBuffers how many part buffers all uploads may hold together
     * @param copy how objects are copied from staging to their key
     * @param buffers the factory read buffers are allocated from
     */
    public S3ObjectStore(
            S3AsyncClient client,
            String bucket,
            String keyPrefix,
            int partSize,
            int partBuffers,
            CopySettings copy,
            DataBufferFactory buffers) {
        this(
                client,
                bucket,
                keyPrefix,
                partSize,
                partBuffers,
                copy,
                ConditionalWrites.ALL,
                DEFAULT_LEASE,
                bucket,
                S3Folders.FolderSettings.DEFAULT,
                buffers);
    }

    /**
     * @param writes the conditional headers the server honours ({@link ConditionalWriteProbe}); they decide the
     *     publish path ({@link #publishPath()})
     * @param lockLease the lease of a publish lock, where publishes take one
     * @param lockBucket the bucket the publish locks live in ({@code bucket} unless configured)
     * @param folderSettings the bounds of folder moves and copies
     */
    S3ObjectStore(
            S3AsyncClient client,
            String bucket,
            String keyPrefix,
            int partSize,
            int partBuffers,
            CopySettings copy,
            ConditionalWrites writes,
            Duration lockLease,
            String lockBucket,
            S3Folders.FolderSettings folderSettings,
            DataBufferFactory buffers) {
        this.client = client;
        this.copy = copy;
        this.writes = writes;
        this.locks = writes.publishNeedsLock() && writes.locksAreAtomic()
                ? new PublishLocks(client, lockBucket, keyPrefix, writes.put(), lockLease)
                : null;
        this.bucket = bucket;
        this.keyPrefix = keyPrefix;
        this.partSize = partSize;
        this.budget = new PartBudget(partBuffers);
        this.buffers = buffers;
        this.digests = new S3DigestRecords(client, bucket, keyPrefix);
        this.heads = new S3Heads(digests);
        this.direct = new DirectPublish(client, bucket, writes, digests);
        this.folders = new S3Folders(client, bucket, keyPrefix, folderSettings, copy);
    }

    /** The publish path this store chose from what the server honours. */
    public PublishPath publishPath() {
        if (!writes.publishNeedsLock()) {
            return PublishPath.CONDITIONAL_COPY;
        }
        return locks != null ? PublishPath.LOCK_OBJECT : PublishPath.WITHIN_PROCESS_ONLY;
    }

    /** Part buffers held now by all uploads together; at most {@link #partBufferBudget()}. */
    public int partBuffersInUse() {
        return budget.inUse();
    }

    /** The most part buffers ever held at once. */
    public int peakPartBuffersInUse() {
        return budget.peakInUse();
    }

    /** The number of part buffers uploads may hold together. */
    public int partBufferBudget() {
        return budget.permits();
    }

    /** Ranged GETs whose response is being streamed now: each holds a connection. */
    public long openStreams() {
        return openStreams.get();
    }

    /** The content of resumable uploads, in this store's bucket and within its part budget. */
    public ResumableData resumableData() {
        return new S3ResumableData(client, bucket, keyPrefix, partSize, budget, buffers);
    }

    /** The S3 key under which staged content is kept, ending in {@code /}. */
    public String stagingPrefix() {
        return keyPrefix + ObjectKey.RESERVED_SEGMENT + "/staging/";
    }

    @Override
    public Mono<StagedObject> stage(Flux<DataBuffer> content, StageOptions options) {
        // Toward a known key the content goes straight there (one pass on the server, visible only at publish);
        // else to a staging key, from which the publish copies it wherever the caller decides.
        ObjectKey target = options.target();
        return Mono.defer(() -> (target == null
                                ? new S3Staging(
                                        client,
                                        bucket,
                                        stagingPrefix() + randomId(),
                                        options.contentType(),
                                        partSize,
                                        budget)
                                : new S3Staging(
                                        client, bucket, s3Key(target), options.contentType(), partSize, budget, target))
                        .run(content))
                .onErrorMap(error -> S3Errors.translate(error, "staging an upload"));
    }

    @Override
    public Mono<WriteResult> publish(StagedObject staged, ObjectKey key, Precondition precondition) {
        if (staged instanceof S3DirectObject toward && !toward.target().equals(key)) {
            String message = "content staged toward " + toward.target() + " cannot be published at " + key;
            return Mono.error(new StorageIoException(message, new IllegalArgumentException(message)));
        }
        return changes.run(
                        key.value(),
                        () -> locked(
                                key,
                                () -> head(key)
                                        .flatMap(current -> describe(current).flatMap(info -> {
                                            if (!precondition.test(info.orElse(null))) {
                                                return Mono.error(new PreconditionFailedException(
                                                        "precondition failed for " + key));
                                            }
                                            return checkFolders(key)
                                                    .then(
                                                            staged instanceof S3DirectObject toward
                                                                    ? writeDirect(
                                                                            toward,
                                                                            key,
                                                                            current.orElse(null),
                                                                            precondition != Precondition.NONE)
                                                                    : publishCopy(
                                                                                    (S3StagedObject) staged,
                                                                                    key,
                                                                                    current.orElse(null))
                                                                            .map(Mono::just));
                                        }))))
                // After the lock: what a direct write still does (its digest record) holds no other writer up.
                .flatMap(afterLock -> afterLock)
                .onErrorMap(error -> S3Errors.translate(error, "publishing " + key));
    }

    /**
     * Publishes content staged toward {@code key}. Where the key's lock guards the check (servers that ignore the
     * conditional headers on a copy or a completion), the write goes without headers, as a copy would; elsewhere a
     * conditional request carries the header that makes its check atomic, and an unconditional one none.
     */
    private Mono<Mono<WriteResult>> writeDirect(
            S3DirectObject staged, ObjectKey key, @Nullable Head current, boolean conditionalRequest) {
        return direct.run(
                staged,
                key,
                current != null,
                current == null ? null : current.response().eTag(),
                locks == null && conditionalRequest);
    }

    /** Copies staged content to {@code key}, then removes it from staging. */
    private Mono<WriteResult> publishCopy(S3StagedObject staged, ObjectKey key, @Nullable Head current) {
        return copy(CopySource.of(staged), key, current)
                .flatMap(result -> removeStaged(staged).thenReturn(result));
    }

    /** Copies {@code source} (staged content, or an object's key) to {@code key}, conditionally where it can. */
    private Mono<WriteResult> copy(CopySource source, ObjectKey key, @Nullable Head current) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // The digests known of the source go with the copy (REPLACE), whether they came from its metadata or from
        // its digest record, which stays with the source's key; unknown ones stay unknown.
        Map<String, String> metadata = new LinkedHashMap<>();
        if (source.sha256() != null) {
            metadata.put(SHA256, source.sha256());
        }
        metadata.put(SIZE, Long.toString(source.size()));
        metadata.put(MTIME, Long.toString(now.getEpochSecond()));
        if (source.crc32() != null) {
            metadata.put(CRC32, Long.toHexString(source.crc32()));
        }
        // Atomic check-and-write where the server honours conditional copies and completes; where it does not,
        // the key's lock makes it so, and the headers are left out (see ARCHITECTURE.md).
        boolean conditional = locks == null;
        boolean multipart = source.size() > copy.threshold();
        ConditionalWrites.Conditions form = multipart ? writes.complete() : writes.copy();
        String ifNoneMatch = conditional && current == null ? "*" : null;
        String ifMatch =
                conditional && current != null ? form.ifMatch(current.response().eTag()) : null;
        Mono<Copied> copied;
        if (multipart) {
            copied = new S3MultipartCopy(client, bucket)
                    .run(
                            source.s3Key(),
                            source.versionId(),
                            source.size(),
                            s3Key(key),
                            source.contentType(),
                            metadata,
                            copy.partSize(),
                            copy.concurrency(),
                            ifNoneMatch,
                            ifMatch)
                    .map(response -> new Copied(null, response.eTag()));
        } else {
            copied = Mono.fromFuture(() -> client.copyObject(request -> request.sourceBucket(bucket)
                            .sourceKey(source.s3Key())
                            .sourceVersionId(source.versionId())
                            .destinationBucket(bucket)
                            .destinationKey(s3Key(key))
                            .metadataDirective(MetadataDirective.REPLACE)
                            .contentType(source.contentType())
                            .metadata(metadata)
                            .ifNoneMatch(ifNoneMatch)
                            .ifMatch(ifMatch)))
                    .map(response -> new Copied(
                            response.copyObjectResult().lastModified(),
                            response.copyObjectResult().eTag()));
        }
        return copied.map(done -> {
            Instant modified = done.lastModified();
            // Without a digest, the copy's version tag is its S3 ETag, as a stat reports it (S3Heads).
            String versionTag = source.sha256() != null || done.eTag() == null
                    ? null
                    : S3Heads.versionTag(
                            HeadObjectResponse.builder().eTag(done.eTag()).build());
            ObjectInfo info = new ObjectInfo(
                    key,
                    source.size(),
                    source.contentType(),
                    source.sha256(),
                    (modified == null ? now : modified).truncatedTo(ChronoUnit.SECONDS),
                    source.crc32(),
                    versionTag);
            return new WriteResult(info, current == null);
        });
    }

    /**
     * What a copy copies: staged content, or an object at its key, whose digests may be unknown (an object another
     * S3 client wrote).
     *
     * @param versionId the source's version in a versioned bucket, so that the copy reads the version checked
     */
    private record CopySource(
            String s3Key,
            @Nullable String versionId,
            long size,
            @Nullable String sha256,
            @Nullable Long crc32,
            String contentType) {

        static CopySource of(S3StagedObject staged) {
            return new CopySource(
                    staged.stagingKey(),
                    staged.versionId(),
                    staged.size(),
                    staged.sha256(),
                    staged.crc32(),
                    staged.contentType());
        }
    }

    /** What a server-side copy answered: the new version's Last-Modified and ETag, either unknown (null). */
    private record Copied(
            @Nullable Instant lastModified, @Nullable String eTag) {}

    /**
     * How staged content is copied to its key: up to {@code threshold} bytes with one CopyObject, above it with a
     * multipart copy of {@code partSize} parts, {@code concurrency} at a time.
     */
    public record CopySettings(long threshold, long partSize, int concurrency) {

        /** S3's largest CopyObject, 512 MiB parts, 4 at a time. */
        public static final CopySettings DEFAULT = new CopySettings(S3Staging.MAX_SINGLE_COPY, 512L << 20, 4);
    }

    /**
     * Refuses a key that is a folder (some key starts with {@code key/}) or that has an object as one of its
     * folders. Not atomic on S3: a concurrent writer of {@code a/b} and {@code a} can both succeed.
     */
    private Mono<Void> checkFolders(ObjectKey key) {
        Mono<Boolean> isFolder = Mono.fromFuture(() -> client.listObjectsV2(request ->
                        request.bucket(bucket).prefix(s3Key(key) + "/").maxKeys(1)))
                .map(response -> !response.contents().isEmpty()
                        || !response.commonPrefixes().isEmpty());
        List<Mono<Boolean>> parentIsObject = new ArrayList<>();
        String value = key.value();
        for (int slash = value.indexOf('/'); slash > 0; slash = value.indexOf('/', slash + 1)) {
            ObjectKey parent = new ObjectKey(value.substring(0, slash));
            parentIsObject.add(head(parent).map(Optional::isPresent));
        }
        return Flux.merge(isFolder, Flux.merge(parentIsObject))
                .any(conflict -> conflict)
                .flatMap(conflict -> conflict
                        ? Mono.error(new KeyFolderConflictException(key + " would be both an object and a folder"))
                        : Mono.empty());
    }

    @Override
    public Mono<Void> discard(StagedObject staged) {
        if (staged instanceof S3HeldObject held) {
            return Mono.fromRunnable(held::release);
        }
        if (staged instanceof S3OpenUpload upload) {
            // After a publish whose completion failed the upload may be gone already (409) or still open (412).
            return Mono.fromFuture(() -> client.abortMultipartUpload(request ->
                            request.bucket(bucket).key(upload.s3Key()).uploadId(upload.uploadId())))
                    .then()
                    .onErrorResume(error -> Mono.empty());
        }
        return removeStaged((S3StagedObject) staged);
    }

    @Override
    public Mono<StoredObject> open(ObjectKey key) {
        return head(key)
                .flatMap(current -> current.<Mono<StoredObject>>map(head -> heads.describe(key, head.response())
                                .map(info -> new S3StoredObject(
                                        client,
                                        bucket,
                                        s3Key(key),
                                        head.response().eTag(),
                                        head.response().versionId(),
                                        info,
                                        buffers,
                                        openStreams)))
                        .orElseGet(() -> Mono.error(new ObjectNotFoundException("no object at " + key))))
                .onErrorMap(error -> S3Errors.translate(error, "opening " + key));
    }

    @Override
    public Mono<ObjectInfo> stat(ObjectKey key) {
        return head(key)
                .flatMap(current -> current.map(head -> heads.describe(key, head.response()))
                        .orElseGet(() -> Mono.error(new ObjectNotFoundException("no object at " + key))))
                .onErrorMap(error -> S3Errors.translate(error, "reading the metadata of " + key));
    }

    @Override
    public Mono<Void> delete(ObjectKey key, Precondition precondition) {
        return deleteIf(key, (head, info) -> precondition.test(info));
    }

    /** Deletes the object at {@code key} when {@code condition} holds for its current version (else 412). */
    private Mono<Void> deleteIf(ObjectKey key, BiPredicate<HeadObjectResponse, ObjectInfo> condition) {
        return changes.run(
                        key.value(),
                        () -> locked(
                                key,
                                () -> head(key)
                                        .flatMap(current -> describe(current).flatMap(info -> {
                                            if (current.isEmpty() || info.isEmpty()) {
                                                return Mono.error(new ObjectNotFoundException("no object at " + key));
                                            }
                                            if (!condition.test(current.get().response(), info.get())) {
                                                return Mono.error(new PreconditionFailedException(
                                                        "precondition failed for " + key));
                                            }
                                            boolean recorded = S3DigestRecords.hasRecord(
                                                    current.get().response());
                                            String ifMatch = locks == null
                                                    ? writes.copy()
                                                            .ifMatch(current.get()
                                                                    .response()
                                                                    .eTag())
                                                    : null;
                                            return Mono.fromFuture(
                                                            () -> client.deleteObject(request -> request.bucket(bucket)
                                                                    .key(s3Key(key))
                                                                    .ifMatch(ifMatch)))
                                                    .then(recorded ? digests.delete(key) : Mono.empty());
                                        }))))
                .then(Mono.defer(() -> folders.keepParentOf(key)))
                .onErrorMap(error -> S3Errors.translate(error, "deleting " + key));
    }

    @Override
    public Mono<Boolean> createFolder(ObjectKey folder) {
        return folders.create(folder).onErrorMap(error -> S3Errors.translate(error, "creating folder " + folder));
    }

    @Override
    public Mono<Boolean> folderExists(ObjectKey folder) {
        return folders.exists(folder).onErrorMap(error -> S3Errors.translate(error, "looking up folder " + folder));
    }

    @Override
    public Mono<FolderSummary> deleteFolder(ObjectKey folder, boolean recursive) {
        return folders.delete(folder, recursive)
                .onErrorMap(error -> S3Errors.translate(error, "deleting folder " + folder));
    }

    @Override
    public Mono<WriteResult> move(ObjectKey from, ObjectKey to, Precondition sourceCondition, Overwrite overwrite) {
        return transfer(from, to, sourceCondition, overwrite, true);
    }

    @Override
    public Mono<WriteResult> copy(ObjectKey from, ObjectKey to, Precondition sourceCondition, Overwrite overwrite) {
        return transfer(from, to, sourceCondition, overwrite, false);
    }

    @Override
    public Mono<FolderSummary> moveFolder(ObjectKey from, ObjectKey to, Overwrite overwrite) {
        return folders.transfer(from, to, overwrite, true)
                .onErrorMap(error -> S3Errors.translate(error, "moving folder " + from));
    }

    @Override
    public Mono<FolderSummary> copyFolder(ObjectKey from, ObjectKey to, Overwrite overwrite) {
        return folders.transfer(from, to, overwrite, false)
                .onErrorMap(error -> S3Errors.translate(error, "copying folder " + from));
    }

    /**
     * A server-side copy of the object at {@code from} to {@code to}, published like staged content (under the
     * destination's lock, conditionally where the server can); for a move, the source is then deleted on condition
     * that it is still the version that was copied (else 412, and both stay).
     */
    private Mono<WriteResult> transfer(
            ObjectKey from, ObjectKey to, Precondition sourceCondition, Overwrite overwrite, boolean move) {
        return head(from)
                .flatMap(found -> {
                    if (found.isEmpty()) {
                        return Mono.error(new ObjectNotFoundException("no object at " + from));
                    }
                    Head head = found.get();
                    return heads.describe(from, head.response())
                            .flatMap(info -> transfer(head, info, to, sourceCondition, overwrite, move));
                })
                .onErrorMap(error -> S3Errors.translate(error, (move ? "moving " : "copying ") + from));
    }

    private Mono<WriteResult> transfer(
            Head head, ObjectInfo info, ObjectKey to, Precondition sourceCondition, Overwrite overwrite, boolean move) {
        ObjectKey from = head.key();
        if (!sourceCondition.test(info)) {
            return Mono.error(new PreconditionFailedException("precondition failed for " + from));
        }
        if (move && from.equals(to)) {
            return Mono.just(new WriteResult(info, false));
        }
        // The source's digests may be unknown (an object another S3 client wrote); a copy claims none it lacks.
        CopySource source = new CopySource(
                s3Key(from),
                head.response().versionId(),
                info.size(),
                info.sha256(),
                info.crc32(),
                info.contentType() == null ? "application/octet-stream" : info.contentType());
        Mono<WriteResult> copied = changes.run(
                to.value(),
                () -> locked(
                        to,
                        () -> head(to).flatMap(current -> {
                            if (current.isPresent() && overwrite == Overwrite.NEVER) {
                                return Mono.error(new TargetExistsException("'" + to + "' exists"));
                            }
                            return checkFolders(to)
                                    .then(copy(source, to, current.orElse(null)))
                                    .onErrorMap(
                                            error -> overwrite == Overwrite.NEVER
                                                    && S3Errors.isPreconditionFailed(error),
                                            error -> new TargetExistsException("'" + to + "' exists"));
                        })));
        if (!move) {
            return copied;
        }
        // The source goes only when it is still the version copied: the same S3 ETag (and version id, in a
        // versioned bucket), which every object has, whoever wrote it; else 412, and both stay.
        return copied.flatMap(result -> deleteIf(from, (current, unused) -> sameVersion(head.response(), current))
                .thenReturn(result));
    }

    private static boolean sameVersion(HeadObjectResponse copied, HeadObjectResponse current) {
        return copied.eTag() != null
                && copied.eTag().equals(current.eTag())
                && Objects.equals(copied.versionId(), current.versionId());
    }

    @Override
    public Mono<ListPage> list(ListQuery query) {
        return Mono.defer(() -> new S3Listing(client, bucket, keyPrefix, query).page())
                .onErrorMap(error -> S3Errors.translate(error, "listing " + query.prefix()));
    }

    /** The current object at {@code key} with its S3 ETag, or empty when there is none. */
    private Mono<Optional<Head>> head(ObjectKey key) {
        // "Not found" becomes a value on the future itself, so that a HEAD cancelled by a caller that no longer
        // needs it (the folder check stops at its first conflict) does not surface as a dropped error.
        return Mono.fromFuture(() -> client.headObject(
                        request -> request.bucket(bucket).key(s3Key(key)).checksumMode(ChecksumMode.ENABLED))
                .handle((response, error) -> {
                    if (error == null) {
                        return Optional.of(new Head(key, response));
                    }
                    if (S3Errors.isNotFound(error)) {
                        return Optional.<Head>empty();
                    }
                    throw error instanceof CompletionException completion ? completion : new CompletionException(error);
                }));
    }

    /** The metadata of the object {@code current} holds, whoever wrote it; empty when there is none. */
    private Mono<Optional<ObjectInfo>> describe(Optional<Head> current) {
        return current.map(head -> heads.describe(head.key(), head.response()).map(Optional::of))
                .orElseGet(() -> Mono.just(Optional.empty()));
    }

    /** Deletes staged content, its version too in a versioned bucket; a failure leaves an orphan, never an error. */
    private Mono<Void> removeStaged(S3StagedObject staged) {
        return Mono.fromFuture(() -> client.deleteObject(request ->
                        request.bucket(bucket).key(staged.stagingKey()).versionId(staged.versionId())))
                .then()
                .onErrorResume(error -> Mono.empty());
    }

    /** Runs a check-and-change of {@code key} under its lock object where the server needs one. */
    private <T> Mono<T> locked(ObjectKey key, Supplier<Mono<T>> change) {
        return locks == null ? Mono.defer(change) : locks.run(key, change);
    }

    private String s3Key(ObjectKey key) {
        return keyPrefix + key.value();
    }

    /** A random id without {@link UUID#randomUUID()}, whose SecureRandom may block on an event loop. */
    private static String randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private record Head(ObjectKey key, HeadObjectResponse response) {}
}
