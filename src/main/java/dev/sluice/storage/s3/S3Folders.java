package dev.sluice.storage.s3;

import dev.sluice.storage.FolderNotEmptyException;
import dev.sluice.storage.FolderSummary;
import dev.sluice.storage.FolderTooLargeException;
import dev.sluice.storage.InvalidKeyException;
import dev.sluice.storage.KeyFolderConflictException;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.Overwrite;
import dev.sluice.storage.TargetExistsException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Folders on S3, where there are none: a folder is a prefix ending in {@code /}; it exists while some key starts
 * with it, and an empty one is a zero-byte marker object at {@code folder/} (what the AWS console and most S3 tools
 * write, so their markers are folders here too). Deleting the last object of a folder writes its marker, so that
 * folders stay until they are deleted, as on local disk.
 *
 * <p>Moves and copies of a folder go object by object (server-side copies, {@link FolderSettings#concurrency} at a
 * time; at most {@link FolderSettings#maxObjects} objects, else nothing is done). A move deletes each source object
 * only once its copy is complete, so a crash at any point loses nothing: every object is at its source, at its
 * destination, or at both. A journal record ({@code .sluice/folder-moves/<hash of from and to>}) is written before
 * the first copy and removed after the last delete; a repeated move of the same folder to the same place that finds
 * it is no {@link TargetExistsException}, skips the objects already copied (same SHA-256, or same size and ETag)
 * and completes the move.
 */
final class S3Folders {

    /** Where the journal records of folder moves in progress live, below the reserved prefix. */
    static final String MOVES = "folder-moves/";

    private final S3AsyncClient client;
    private final String bucket;
    private final String keyPrefix;
    private final FolderSettings settings;
    private final S3ObjectStore.CopySettings copy;

    S3Folders(
            S3AsyncClient client,
            String bucket,
            String keyPrefix,
            FolderSettings settings,
            S3ObjectStore.CopySettings copy) {
        this.client = client;
        this.bucket = bucket;
        this.keyPrefix = keyPrefix;
        this.settings = settings;
        this.copy = copy;
    }

    /**
     * Bounds of folder moves and copies.
     *
     * @param maxObjects the most objects (markers included) a folder move or copy may hold
     * @param concurrency how many object copies (and deletes) run at once
     */
    record FolderSettings(int maxObjects, int concurrency) {

        /** Ten thousand objects, eight at a time. */
        static final FolderSettings DEFAULT = new FolderSettings(10_000, 8);

        FolderSettings {
            if (maxObjects < 1 || concurrency < 1) {
                throw new IllegalArgumentException("maxObjects and concurrency must be at least 1");
            }
        }
    }

    Mono<Boolean> create(ObjectKey folder) {
        return refuseObjectsOnTheWay(folder)
                .then(exists(folder))
                .flatMap(exists -> exists
                        ? Mono.just(false)
                        : Mono.fromFuture(() -> client.putObject(
                                        request -> request.bucket(bucket).key(marker(folder)),
                                        AsyncRequestBody.empty()))
                                .thenReturn(true));
    }

    Mono<Boolean> exists(ObjectKey folder) {
        return Mono.fromFuture(() -> client.listObjectsV2(
                        request -> request.bucket(bucket).prefix(marker(folder)).maxKeys(1)))
                .map(response -> !response.contents().isEmpty());
    }

    Mono<FolderSummary> delete(ObjectKey folder, boolean recursive) {
        return Mono.fromFuture(() -> client.listObjectsV2(
                        request -> request.bucket(bucket).prefix(marker(folder)).maxKeys(2)))
                .flatMap(response -> {
                    List<S3Object> first = response.contents();
                    if (first.isEmpty()) {
                        return Mono.error(new ObjectNotFoundException("No folder at '" + folder + "/'"));
                    }
                    boolean onlyMarker = first.size() == 1 && first.get(0).key().equals(marker(folder));
                    if (!recursive && !onlyMarker) {
                        return Mono.error(new FolderNotEmptyException(
                                "'" + folder + "/' is not empty; delete it with recursive=true"));
                    }
                    return deletePages(marker(folder), FolderSummary.EMPTY);
                })
                .flatMap(summary -> keepParentOf(folder).thenReturn(summary));
    }

    /** Deletes what is under {@code prefix} a page at a time (memory stays flat whatever the folder holds). */
    private Mono<FolderSummary> deletePages(String prefix, FolderSummary sofar) {
        return Mono.fromFuture(() -> client.listObjectsV2(
                        request -> request.bucket(bucket).prefix(prefix).maxKeys(1000)))
                .flatMap(response -> {
                    if (response.contents().isEmpty()) {
                        return Mono.just(sofar);
                    }
                    return Flux.fromIterable(response.contents())
                            .flatMap(
                                    object -> deleteRaw(object.key()).thenReturn(summaryOf(object)),
                                    settings.concurrency())
                            .reduce(sofar, FolderSummary::plus)
                            .flatMap(summary -> deletePages(prefix, summary));
                });
    }

    /**
     * Writes the marker of the folder of {@code key} when nothing else is left in it, so that deleting or moving
     * away its last object does not make the folder vanish. Sluice's reserved records leave no markers.
     */
    Mono<Void> keepParentOf(ObjectKey key) {
        String folder = key.folder();
        if (folder.isEmpty() || key.isReserved()) {
            return Mono.empty();
        }
        String s3Folder = keyPrefix + folder;
        return Mono.fromFuture(() -> client.listObjectsV2(
                        request -> request.bucket(bucket).prefix(s3Folder).maxKeys(1)))
                .flatMap(response -> response.contents().isEmpty()
                        ? Mono.fromFuture(() -> client.putObject(
                                        request -> request.bucket(bucket).key(s3Folder), AsyncRequestBody.empty()))
                                .then()
                        : Mono.empty());
    }

    /** Moves ({@code move}) or copies a folder object by object; see the class comment. */
    Mono<FolderSummary> transfer(ObjectKey from, ObjectKey to, Overwrite overwrite, boolean move) {
        if (to.equals(from) || to.value().startsWith(from.value() + "/")) {
            return Mono.error(new InvalidKeyException("'" + to + "/' is '" + from + "/' or inside it"));
        }
        String journal = journalKey(from, to);
        Mono<Boolean> resuming = move ? rawExists(journal) : Mono.just(false);
        return resuming.flatMap(resume -> listAll(marker(from), settings.maxObjects())
                .flatMap(objects -> {
                    if (objects.isEmpty()) {
                        return resume
                                ? deleteRaw(journal).thenReturn(FolderSummary.EMPTY)
                                : Mono.error(new ObjectNotFoundException("No folder at '" + from + "/'"));
                    }
                    return refuseObjectsOnTheWay(to)
                            .then(rawExists(keyPrefix + to.value()))
                            .flatMap(objectAtTarget -> objectAtTarget
                                    ? Mono.error(new KeyFolderConflictException(
                                            "'" + to + "' is an object; a folder cannot have its name"))
                                    : exists(to))
                            .flatMap(targetExists -> {
                                if (targetExists && overwrite == Overwrite.NEVER && !resume) {
                                    return Mono.error(new TargetExistsException("'" + to + "/' exists"));
                                }
                                Mono<Void> start = move && !resume ? putJournal(journal, from, to) : Mono.empty();
                                return start.then(copyAll(objects, from, to, move, targetExists || resume));
                            })
                            .flatMap(summary -> move
                                    ? deleteRaw(journal)
                                            .then(keepParentOf(from))
                                            .thenReturn(summary)
                                    : Mono.just(summary));
                }));
    }

    private Mono<FolderSummary> copyAll(
            List<S3Object> objects, ObjectKey from, ObjectKey to, boolean move, boolean targetMayHoldThem) {
        String fromPrefix = marker(from);
        String toPrefix = marker(to);
        return Flux.fromIterable(objects)
                .flatMap(
                        object -> {
                            String target = toPrefix + object.key().substring(fromPrefix.length());
                            Mono<Boolean> done = targetMayHoldThem ? sameObjectAt(object, target) : Mono.just(false);
                            Mono<Void> copied = done.flatMap(same -> same ? Mono.empty() : copyRaw(object, target));
                            Mono<Void> moved = move ? copied.then(deleteRaw(object.key())) : copied;
                            return moved.thenReturn(summaryOf(object));
                        },
                        settings.concurrency())
                .reduce(FolderSummary.EMPTY, FolderSummary::plus);
    }

    /** Whether {@code target} holds a copy of {@code source} already (a repeated move). */
    private Mono<Boolean> sameObjectAt(S3Object source, String target) {
        return head(target).flatMap(there -> {
            if (there.isEmpty()) {
                return Mono.just(false);
            }
            if (source.key().endsWith("/")) {
                return Mono.just(true);
            }
            return head(source.key()).map(here -> here.isPresent() && same(here.get(), there.get()));
        });
    }

    private static boolean same(HeadObjectResponse source, HeadObjectResponse target) {
        String sha = source.metadata().get(S3ObjectStore.SHA256);
        if (sha != null) {
            return sha.equals(target.metadata().get(S3ObjectStore.SHA256));
        }
        return Objects.equals(source.contentLength(), target.contentLength())
                && Objects.equals(source.eTag(), target.eTag());
    }

    /**
     * A server-side copy of any object (written by Sluice or not) with its content type and user metadata: one
     * CopyObject up to the copy threshold, a multipart copy above it; a marker becomes a marker.
     */
    private Mono<Void> copyRaw(S3Object source, String target) {
        if (source.key().endsWith("/")) {
            return Mono.fromFuture(() ->
                            client.putObject(request -> request.bucket(bucket).key(target), AsyncRequestBody.empty()))
                    .then();
        }
        if (source.size() > copy.threshold()) {
            return head(source.key())
                    .flatMap(found -> found.map(Mono::just)
                            .orElseGet(() -> Mono.error(new ObjectNotFoundException(source.key() + " is gone"))))
                    .flatMap(head -> new S3MultipartCopy(client, bucket)
                            .run(
                                    source.key(),
                                    null,
                                    source.size(),
                                    target,
                                    head.contentType() == null ? "application/octet-stream" : head.contentType(),
                                    head.metadata(),
                                    copy.partSize(),
                                    copy.concurrency(),
                                    null,
                                    null))
                    .then();
        }
        return Mono.fromFuture(() -> client.copyObject(request -> request.sourceBucket(bucket)
                        .sourceKey(source.key())
                        .destinationBucket(bucket)
                        .destinationKey(target)
                        .metadataDirective(MetadataDirective.COPY)))
                .then();
    }

    /** Refuses a folder one of whose parents is an object. */
    private Mono<Void> refuseObjectsOnTheWay(ObjectKey folder) {
        List<Mono<Boolean>> checks = new ArrayList<>();
        String value = folder.value();
        checks.add(rawExists(keyPrefix + value));
        for (int slash = value.indexOf('/'); slash > 0; slash = value.indexOf('/', slash + 1)) {
            checks.add(rawExists(keyPrefix + value.substring(0, slash)));
        }
        return Flux.merge(checks)
                .any(found -> found)
                .flatMap(conflict -> conflict
                        ? Mono.error(new KeyFolderConflictException(
                                "'" + folder + "' or one of its folders is an object; a key cannot be both"))
                        : Mono.empty());
    }

    /** Every object under {@code prefix} (a full S3 key prefix), at most {@code max}, else FolderTooLarge. */
    private Mono<List<S3Object>> listAll(String prefix, int max) {
        List<S3Object> all = new ArrayList<>();
        return page(prefix, null, all, max).thenReturn(all);
    }

    private Mono<Void> page(String prefix, @Nullable String continuation, List<S3Object> all, int max) {
        return Mono.fromFuture(() -> client.listObjectsV2(request -> {
                    request.bucket(bucket).prefix(prefix);
                    if (continuation != null) {
                        request.continuationToken(continuation);
                    }
                }))
                .flatMap(response -> {
                    all.addAll(response.contents());
                    if (all.size() > max) {
                        return Mono.error(new FolderTooLargeException("'" + prefix.substring(keyPrefix.length())
                                + "' holds more than " + max
                                + " objects (sluice.storage.s3.max-folder-objects): moved or copied on S3 object by"
                                + " object, it is refused; nothing was changed"));
                    }
                    return Boolean.TRUE.equals(response.isTruncated())
                            ? page(prefix, response.nextContinuationToken(), all, max)
                            : Mono.empty();
                });
    }

    private Mono<Void> putJournal(String journal, ObjectKey from, ObjectKey to) {
        byte[] body = (from.value() + "/\n" + to.value() + "/\n").getBytes(StandardCharsets.UTF_8);
        return Mono.fromFuture(() -> client.putObject(
                        request -> request.bucket(bucket).key(journal).contentType("text/plain; charset=utf-8"),
                        AsyncRequestBody.fromBytes(body)))
                .then();
    }

    private String journalKey(ObjectKey from, ObjectKey to) {
        byte[] pair = (from.value() + "\n" + to.value()).getBytes(StandardCharsets.UTF_8);
        return keyPrefix + ObjectKey.RESERVED_SEGMENT + "/" + MOVES
                + HexFormat.of().formatHex(sha256(pair));
    }

    private Mono<Boolean> rawExists(String s3Key) {
        return head(s3Key).map(Optional::isPresent);
    }

    private Mono<Optional<HeadObjectResponse>> head(String s3Key) {
        return Mono.fromFuture(() -> client.headObject(
                        request -> request.bucket(bucket).key(s3Key))
                .handle((response, error) -> {
                    if (error == null) {
                        return Optional.of(response);
                    }
                    if (S3Errors.isNotFound(error)) {
                        return Optional.<HeadObjectResponse>empty();
                    }
                    throw error instanceof CompletionException completion ? completion : new CompletionException(error);
                }));
    }

    private Mono<Void> deleteRaw(String s3Key) {
        return Mono.fromFuture(() ->
                        client.deleteObject(request -> request.bucket(bucket).key(s3Key)))
                .then();
    }

    private String marker(ObjectKey folder) {
        return keyPrefix + folder.value() + "/";
    }

    private static FolderSummary summaryOf(S3Object object) {
        return object.key().endsWith("/") ? FolderSummary.EMPTY : FolderSummary.EMPTY.plus(object.size());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
