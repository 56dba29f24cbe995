package dev.sluice.resumable;

import dev.sluice.resumable.UploadRecords.Versioned;
import dev.sluice.storage.Lifecycles;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.PreconditionFailedException;
import dev.sluice.storage.ResumableData;
import dev.sluice.upload.ConflictPolicy;
import dev.sluice.upload.ContentTypes;
import dev.sluice.upload.UploadProperties;
import dev.sluice.upload.UploadService;
import dev.sluice.upload.UploadsProperties;
import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/**
 * The policy of tus uploads, whatever the backend: creation with its limits, chunks at the saved offset under a
 * lease, the digests carried across chunks, concatenation, and the publish of a complete upload exactly as a PUT
 * or multipart upload would ({@link UploadService#publish}). The store's {@link ResumableData} only moves the bytes;
 * the records ({@link UploadRecords}) live in the store too, so every instance sees the same uploads.
 */
@Service
public class TusUploads {

    private final ObjectStore store;
    private final ResumableData data;
    private final UploadService uploads;
    private final UploadRecords records;
    private final UploadsProperties properties;
    private final long maxFileSize;
    /** This process's part of every lease it takes, to tell its own leases from a dead process's. */
    private final String instance = randomId();
    /** Leases in memory when this process is the store's only user, decided once; else in the records. */
    private final @Nullable ProcessLeases processLeases;

    TusUploads(
            ObjectStore store,
            ResumableData data,
            UploadService uploads,
            JsonMapper json,
            UploadsProperties properties,
            UploadProperties upload) {
        this.store = store;
        this.data = data;
        this.uploads = uploads;
        this.records = new UploadRecords(store, json);
        this.properties = properties;
        this.maxFileSize = upload.maxFileSize().toBytes();
        this.processLeases = data.singleProcess() ? new ProcessLeases(records) : null;
    }

    /**
     * What a creation asks for.
     *
     * @param length the declared length, or null when deferred
     * @param metadataHeader the raw {@code Upload-Metadata}
     * @param concat null, {@code partial}, or {@code final} with {@code partials}
     */
    record Creation(
            @Nullable Long length,
            String metadataHeader,
            @Nullable String concat,
            List<String> partials) {}

    long maxFileSize() {
        return maxFileSize;
    }

    /** Creates an upload (a final one is joined from its partial uploads and published at once). */
    Mono<UploadState> create(Uploader uploader, Creation creation) {
        Map<String, String> metadata = TusMetadata.parse(creation.metadataHeader());
        boolean partial = "partial".equals(creation.concat());
        Target target = target(uploader, metadata, partial);
        if (creation.length() != null) {
            uploads.checkDeclaredLength(creation.length());
        }
        Mono<Void> early = target.policy() == ConflictPolicy.FAIL && !partial
                ? uploads.failIfTaken(ObjectKey.of(target.folder() + target.filename()))
                : Mono.empty();
        if ("final".equals(creation.concat())) {
            return early.then(createFinal(uploader, creation, target));
        }
        Long length = creation.length();
        return early.then(checkQuota(uploader, length == null ? 0 : length))
                .then(uploads.checkCapacity(length == null ? 0 : length))
                .then(Mono.defer(() -> newRecord(uploader, creation, target, length, List.of())))
                .flatMap(created -> length != null && length == 0 ? finishIfComplete(created) : Mono.just(created))
                .map(Versioned::state);
    }

    /** The upload {@code id} of {@code uploader}, finishing it first if it is complete but unpublished. */
    Mono<UploadState> head(Uploader uploader, String id) {
        return find(uploader, id).flatMap(this::finishIfComplete).map(Versioned::state);
    }

    /**
     * Writes one chunk at {@code offset}; emits the upload as saved (published when this was its last byte).
     * Runs to its end once started, even when the client goes away: a chunk cut off is saved as far as it arrived
     * (without a checksum to check), so that the client resumes from there.
     *
     * @param declaredLength an {@code Upload-Length} sent with the PATCH of a deferred upload, else null
     * @param contentLength the chunk's length, -1 when unknown
     */
    Mono<UploadState> patch(
            Uploader uploader,
            String id,
            long offset,
            @Nullable Long declaredLength,
            @Nullable UploadChecksum checksum,
            long contentLength,
            Flux<DataBuffer> body) {
        return find(uploader, id).flatMap(found -> {
            UploadState state = found.state();
            if (state.isFinal()) {
                return Mono.error(finalUpload());
            }
            if (offset != state.offset()) {
                return Mono.error(new ApiException(
                                ProblemCode.OFFSET_MISMATCH,
                                "Upload-Offset " + offset + " is not the upload's offset " + state.offset())
                        .withHeader("Upload-Offset", Long.toString(state.offset())));
            }
            if (busy(state, Instant.now())) {
                return Mono.error(busy(state));
            }
            Long length = state.length();
            if (declaredLength != null) {
                if (length != null && !length.equals(declaredLength)) {
                    return Mono.error(
                            new ApiException(ProblemCode.INVALID_HEADER, "Upload-Length cannot change once declared"));
                }
                if (declaredLength < offset) {
                    return Mono.error(
                            new ApiException(ProblemCode.INVALID_HEADER, "Upload-Length is below the upload's offset"));
                }
                uploads.checkDeclaredLength(declaredLength);
                length = declaredLength;
            }
            if (state.complete() || state.published()) {
                return finishIfComplete(found).map(Versioned::state);
            }
            if (length != null && contentLength >= 0 && offset + contentLength > length) {
                return Mono.error(new ApiException(
                        ProblemCode.TOO_LARGE, "The chunk would pass the upload's length of " + length + " bytes"));
            }
            long incoming = contentLength >= 0 ? contentLength : length == null ? 0 : length - offset;
            Long settled = length;
            Mono<HeldLease> leased = uploads.checkCapacity(incoming).then(Mono.defer(() -> lease(found, settled)));
            Mono<Versioned> written = leased.flatMap(held -> this.write(held, body, checksum));
            Mono<UploadState> work =
                    written.flatMap(saved -> finishIfComplete(saved)).map(Versioned::state);
            return detached(work);
        });
    }

    /**
     * Runs {@code work} to its end whatever happens to its subscriber: a client that goes away cancels the
     * response, not the saving of what it sent. The outcome goes to a one-shot sink, which keeps it for a subscriber
     * still there and drops it quietly otherwise (a cut chunk's error has nobody to go to).
     */
    private static <T> Mono<T> detached(Mono<T> work) {
        return Mono.defer(() -> {
            Sinks.One<T> outcome = Sinks.one();
            work.subscribe(outcome::tryEmitValue, outcome::tryEmitError, outcome::tryEmitEmpty);
            return outcome.asMono();
        });
    }

    /** Terminates an upload: its data and record go (a published object stays). */
    Mono<Void> terminate(Uploader uploader, String id) {
        return find(uploader, id).flatMap(found -> {
            UploadState state = found.state();
            if (busy(state, Instant.now())) {
                return Mono.error(busy(state));
            }
            return records.delete(found)
                    .then(state.published() ? Mono.empty() : data.remove(state.id(), state.token()))
                    .onErrorMap(PreconditionFailedException.class, e -> busy(state));
        });
    }

    /** Removes every upload whose expiry has passed; emits how many. */
    Mono<Long> sweep() {
        Instant now = Instant.now();
        Flux<Versioned> expired = Flux.concat(records.unfinished(null), records.done())
                .filter(found -> found.state().expires().isBefore(now) && !busy(found.state(), now));
        return expired.concatMap(found -> records.delete(found)
                        .then(
                                found.state().published()
                                        ? Mono.<Void>empty()
                                        : data.remove(
                                                found.state().id(),
                                                found.state().token()))
                        .thenReturn(1L)
                        .onErrorResume(error -> Mono.just(0L)))
                .reduce(0L, Long::sum);
    }

    private Mono<Versioned> find(Uploader uploader, String id) {
        if (!id.matches("[0-9a-f]{32}")) {
            return Mono.error(notFound());
        }
        return records.find(uploader.owner(), id)
                .filter(found ->
                        found.state().published() || found.state().expires().isAfter(Instant.now()))
                .switchIfEmpty(Mono.error(notFound()));
    }

    private Mono<Versioned> newRecord(
            Uploader uploader, Creation creation, Target target, @Nullable Long length, List<String> partials) {
        String id = randomId();
        Instant now = Instant.now();
        return data.create(id)
                .flatMap(token -> records.create(new UploadState(
                        id,
                        uploader.owner(),
                        length,
                        0,
                        creation.metadataHeader(),
                        target.folder(),
                        target.filename(),
                        target.contentType(),
                        target.policy().name().toLowerCase(java.util.Locale.ROOT),
                        creation.concat(),
                        partials,
                        ContentHashes.empty().sha256State(),
                        0,
                        token,
                        false,
                        now,
                        now.plus(properties.expiry()),
                        null,
                        null,
                        null)));
    }

    /** A final upload: checks its partials, joins their bytes into its own data, and publishes it. */
    private Mono<UploadState> createFinal(Uploader uploader, Creation creation, Target target) {
        if (creation.partials().isEmpty()) {
            return Mono.error(new ApiException(ProblemCode.INVALID_HEADER, "Upload-Concat: final lists no uploads"));
        }
        return Flux.fromIterable(creation.partials())
                .concatMap(id -> find(uploader, id).flatMap(this::finishIfComplete))
                .collectList()
                .flatMap(parts -> {
                    long total = 0;
                    for (Versioned part : parts) {
                        if (!part.state().isPartial() || !part.state().complete()) {
                            return Mono.error(new ApiException(
                                    ProblemCode.INVALID_REQUEST,
                                    "Upload " + part.state().id() + " is not a finished partial upload"));
                        }
                        total += part.state().offset();
                    }
                    uploads.checkDeclaredLength(total);
                    long length = total;
                    Flux<DataBuffer> joined = Flux.fromIterable(parts)
                            .concatMap(part -> data.read(
                                    part.state().id(),
                                    part.state().token(),
                                    part.state().offset()));
                    return uploads.checkCapacity(length)
                            .then(Mono.defer(() -> newRecord(uploader, creation, target, length, creation.partials())))
                            .flatMap(created -> lease(created, length))
                            .flatMap(held -> this.write(held, joined, null))
                            .flatMap(this::finishIfComplete)
                            .map(Versioned::state);
                });
    }

    /** Takes the upload's lease (declaring its length, if given), or 409 when another PATCH was quicker. */
    private Mono<HeldLease> lease(Versioned found, @Nullable Long length) {
        UploadState state = found.state();
        UploadState declared = length != null && state.length() == null ? state.withLength(length) : state;
        ProcessLeases local = processLeases;
        if (local != null) {
            // Taken in memory, then the record read again: a PATCH that found the record before another one saved
            // it must not write over the bytes that one saved (a lease written to the record would fail its CAS).
            return Mono.defer(() -> {
                HeldLease taken = local.take(found, declared);
                if (taken == null) {
                    return Mono.error(busy(state));
                }
                return records.reread(found)
                        .filter(current -> current.version().equals(found.version()))
                        .map(current -> taken)
                        .switchIfEmpty(Mono.error(() -> busy(state)))
                        .onErrorResume(error -> taken.giveBack().then(Mono.error(error)));
            });
        }
        UploadState leased =
                declared.withLease(instance + "-" + randomId(), Instant.now().plus(properties.lease()));
        return records.replace(found, leased)
                .onErrorMap(PreconditionFailedException.class, lost -> busy(state))
                .map(taken -> new RecordLease(records, taken, properties.lease()));
    }

    /**
     * Streams {@code body} into the upload's data at its offset and saves the new offset with the digests. A body
     * that fails half-way (a cut connection) is saved up to where it got, unless a checksum was announced (a cut
     * chunk cannot be checked); a checksum mismatch saves nothing (460).
     */
    private Mono<Versioned> write(HeldLease held, Flux<DataBuffer> body, @Nullable UploadChecksum checksum) {
        UploadState state = held.state();
        long offset = state.offset();
        long room = state.length() == null ? maxFileSize - offset : state.length() - offset;
        ContentHashes hashes = ContentHashes.restore(state.sha256State(), state.crc32());
        AtomicReference<@Nullable Throwable> cut = new AtomicReference<>();
        long[] received = {0};
        Flux<DataBuffer> chunk = body.<DataBuffer>handle((buffer, sink) -> {
                    received[0] += buffer.readableByteCount();
                    if (received[0] > room) {
                        DataBufferUtils.release(buffer);
                        sink.error(new ApiException(
                                ProblemCode.TOO_LARGE,
                                "The chunk passes the upload's length (or the largest file, " + maxFileSize
                                        + " bytes)"));
                        return;
                    }
                    sink.next(buffer);
                })
                .onErrorResume(error -> !(error instanceof ApiException), error -> {
                    cut.set(error);
                    return Flux.empty();
                });
        Consumer<ByteBuffer> observer = bytes -> {
            if (checksum != null) {
                checksum.update(bytes);
            }
            hashes.update(bytes);
        };
        return data.append(state.id(), state.token(), offset, chunk, observer)
                .onErrorResume(error -> held.giveBack().then(Mono.error(error)))
                .flatMap(appended -> {
                    Throwable broken = cut.get();
                    if (checksum != null && (broken != null || !checksum.matches())) {
                        return held.giveBack()
                                .then(Mono.error(broken != null ? broken : new ChecksumMismatchException(checksum)));
                    }
                    UploadState next = state.appended(
                            offset + appended.written(),
                            hashes,
                            appended.token(),
                            Instant.now().plus(properties.expiry()));
                    return held.save(next)
                            .onErrorMap(PreconditionFailedException.class, lost -> busy(state))
                            .flatMap(saved -> data.release(state.id(), state.token(), appended.token())
                                    .onErrorResume(error -> Mono.empty())
                                    .thenReturn(saved))
                            .flatMap(saved -> broken != null ? Mono.<Versioned>error(broken) : Mono.just(saved));
                });
    }

    /**
     * Publishes a complete upload (a partial one is only sealed, for a final upload to join). Safe to call again
     * after a crash at any step: each step's outcome is in the record before the next starts.
     */
    private Mono<Versioned> finishIfComplete(Versioned found) {
        UploadState state = found.state();
        if (!state.complete() || state.published() || (state.isPartial() && state.sealed())) {
            return Mono.just(found);
        }
        ContentHashes hashes = ContentHashes.restore(state.sha256State(), state.crc32());
        long size = state.offset();
        return data.seal(state.id(), state.token(), size, hashes.sha256Hex(), hashes.crc32(), state.contentType())
                .flatMap(done -> records.replace(found, state.sealedAs(done.token()))
                        .onErrorMap(PreconditionFailedException.class, lost -> busy(state))
                        .flatMap(saved -> state.isPartial() ? Mono.just(saved) : publish(saved, done)));
    }

    /** Publishes a sealed upload by its conflict policy; a refused one (409, 412) is removed with its data. */
    private Mono<Versioned> publish(Versioned saved, ResumableData.Sealed done) {
        UploadState state = saved.state();
        ObjectKey key = ObjectKey.of(state.folder() + state.filename());
        ConflictPolicy policy = ConflictPolicy.parse(state.conflict());
        return Lifecycles.discardOnFailure(store, done.staged(), uploads.publish(done.staged(), key, policy))
                .onErrorResume(refused -> records.delete(saved)
                        .onErrorResume(error -> Mono.empty())
                        .then(Mono.error(refused)))
                .flatMap(result -> records.finish(
                        saved, state.publishedAt(result.info().key().value())));
    }

    private Target target(Uploader uploader, Map<String, String> metadata, boolean partial) {
        String filename = metadata.getOrDefault("filename", "");
        String name = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
        if (name.isEmpty() && !partial) {
            throw new ApiException(
                    ProblemCode.INVALID_HEADER, "Upload-Metadata needs a filename (its last segment names the file)");
        }
        String folder = uploader.forcedFolder() != null
                ? uploader.forcedFolder()
                : ObjectKey.validatePrefix(metadata.getOrDefault("prefix", ""));
        if (!folder.isEmpty() && !folder.endsWith("/")) {
            throw new ApiException(ProblemCode.INVALID_KEY, "prefix must be empty or end with '/'");
        }
        if (!name.isEmpty()) {
            ObjectKey.of(folder + name); // 400 invalid-key before anything is created
        }
        if (uploader.home() != null && !(folder + name).startsWith(uploader.home())) {
            throw new ApiException(ProblemCode.FORBIDDEN, "You may not do this here");
        }
        ConflictPolicy policy = uploader.forcedFolder() != null
                ? ConflictPolicy.RENAME
                : ConflictPolicy.parse(metadata.getOrDefault("conflict", "rename"));
        String contentType = ContentTypes.forUpload(metadata.get("filetype"), name.isEmpty() ? "upload" : name);
        return new Target(folder, name, contentType, policy);
    }

    private Mono<Void> checkQuota(Uploader uploader, long length) {
        return records.unfinished(uploader.owner())
                .filter(found -> !found.state().isPartial() || !found.state().sealed())
                .collectList()
                .flatMap(unfinished -> {
                    long declared = length;
                    for (Versioned found : unfinished) {
                        Long each = found.state().length();
                        declared += each == null ? 0 : each;
                    }
                    if (unfinished.size() >= properties.maxUnfinished()) {
                        return Mono.error(new ApiException(
                                ProblemCode.UPLOAD_QUOTA,
                                "You have " + unfinished.size() + " unfinished uploads; finish or delete one first"));
                    }
                    if (declared > properties.maxUnfinishedSize().toBytes()) {
                        return Mono.error(new ApiException(
                                ProblemCode.UPLOAD_QUOTA,
                                "Your unfinished uploads would pass "
                                        + properties.maxUnfinishedSize().toBytes()
                                        + " bytes; finish or delete one first"));
                    }
                    return Mono.empty();
                });
    }

    /**
     * Whether a PATCH holds the upload now: a lease of this process's memory, or a lease in the record that has not
     * run out, unless this process is the store's only user and the lease is an earlier process's (which died with
     * it, as a restart shows).
     */
    private boolean busy(UploadState state, Instant now) {
        ProcessLeases local = processLeases;
        if (local != null && local.holds(state.id())) {
            return true;
        }
        if (!state.leasedAt(now)) {
            return false;
        }
        String holder = state.leaseHolder();
        return !data.singleProcess() || holder == null || holder.startsWith(instance + "-");
    }

    static ApiException busy(UploadState state) {
        return new ApiException(
                        ProblemCode.UPLOAD_BUSY,
                        "Another request is writing this upload; its offset is " + state.offset())
                .withHeader("Upload-Offset", Long.toString(state.offset()));
    }

    static ApiException finalUpload() {
        return new ApiException(
                ProblemCode.FINAL_UPLOAD, "A final upload is made of its partial uploads; it takes no chunks");
    }

    private static ApiException notFound() {
        return new ApiException(ProblemCode.NOT_FOUND, "No such upload");
    }

    /** ThreadLocalRandom, not SecureRandom (which may block on an event loop): ids are bound to their owner. */
    private static String randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString().replace("-", "");
    }

    private record Target(String folder, String filename, String contentType, ConflictPolicy policy) {}
}
