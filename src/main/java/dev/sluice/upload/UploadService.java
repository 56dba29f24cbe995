package dev.sluice.upload;

import dev.sluice.storage.CapacityAware;
import dev.sluice.storage.InsufficientStorageException;
import dev.sluice.storage.KeyFolderConflictException;
import dev.sluice.storage.Lifecycles;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.PreconditionFailedException;
import dev.sluice.storage.StageOptions;
import dev.sluice.storage.StagedObject;
import dev.sluice.storage.StorageProperties;
import dev.sluice.storage.WriteResult;
import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import java.security.MessageDigest;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Service;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The upload policy shared by raw PUTs and multipart POSTs: size limits (before and while streaming), free space,
 * digests to verify, and the rule that a refused upload leaves no trace. The store only moves bytes.
 */
@Service
public class UploadService {

    /** How many names {@code conflict=rename} lists, and numbers it tries, per original name before 409. */
    private static final int MAX_RENAMES = 10_000;

    private final ObjectStore store;
    /** Present when the store has a finite capacity: decided once, at wiring. */
    private final Optional<CapacityAware> capacity;

    private final long maxFileSize;
    private final long minFreeSpace;

    public UploadService(
            ObjectStore store, Optional<CapacityAware> capacity, UploadProperties upload, StorageProperties storage) {
        this.store = store;
        this.capacity = capacity;
        this.maxFileSize = upload.maxFileSize().toBytes();
        this.minFreeSpace = storage.minFreeSpace().toBytes();
    }

    /** Refuses a request whose declared length is already over the limit, before any of the body is read. */
    public void checkDeclaredLength(long contentLength) {
        if (contentLength > maxFileSize) {
            throw tooLarge();
        }
    }

    /** Refuses a request with a {@code Content-Encoding}: stored bytes are always what the client meant. */
    public static void rejectContentEncoding(HttpHeaders headers) {
        String encoding = headers.getFirst(HttpHeaders.CONTENT_ENCODING);
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            throw new ApiException(
                    ProblemCode.UNSUPPORTED_ENCODING,
                    "Content-Encoding '" + encoding + "' is not supported; send the content unencoded");
        }
    }

    /**
     * Refuses with 507 when storing {@code incoming} more bytes (0 when unknown) would leave less free space than
     * {@code sluice.storage.min-free-space}. Completes empty for stores without finite capacity.
     */
    public Mono<Void> checkCapacity(long incoming) {
        if (capacity.isEmpty() || minFreeSpace <= 0) {
            return Mono.empty();
        }
        return capacity.get()
                .usableSpace()
                .flatMap(free -> free - Math.max(0, incoming) < minFreeSpace
                        ? Mono.error(new InsufficientStorageException(
                                "Not enough storage: this upload would leave less than "
                                        + DataSize.ofBytes(minFreeSpace).toMegabytes() + " MB free"))
                        : Mono.empty());
    }

    /**
     * Stages {@code content} as one upload: counts bytes against the size limit while streaming (413 the moment it
     * is passed), computes the digests the client announced and verifies them, and checks free space afterwards.
     * Whatever fails, nothing staged is left behind.
     */
    public Mono<StagedObject> stage(Flux<DataBuffer> content, String contentType, ContentDigests expected) {
        return stage(content, new StageOptions(contentType), expected);
    }

    private Mono<StagedObject> stage(Flux<DataBuffer> content, StageOptions options, ContentDigests expected) {
        return Mono.defer(() -> {
            MessageDigest sha512 = expected.newSha512();
            long[] received = {0};
            Flux<DataBuffer> limited = content.handle((buffer, sink) -> {
                received[0] += buffer.readableByteCount();
                if (received[0] > maxFileSize) {
                    DataBufferUtils.release(buffer);
                    sink.error(tooLarge());
                    return;
                }
                if (sha512 != null) {
                    try (DataBuffer.ByteBufferIterator views = buffer.readableByteBuffers()) {
                        views.forEachRemaining(sha512::update);
                    }
                }
                sink.next(buffer);
            });
            return store.stage(limited, options)
                    .flatMap(staged -> Lifecycles.discardOnFailure(
                            store,
                            staged,
                            verify(staged, expected, sha512 == null ? null : sha512.digest())
                                    .then(checkCapacity(0))
                                    .thenReturn(staged)));
        });
    }

    /** Stages and publishes one upload; the staged content is removed if publishing fails or is cancelled. */
    public Mono<WriteResult> write(
            ObjectKey key,
            Flux<DataBuffer> content,
            String contentType,
            ContentDigests expected,
            Precondition precondition) {
        // Staged toward its key: a store may then write it there in one pass (S3: no staging copy).
        return stage(content, new StageOptions(contentType, key), expected)
                .flatMap(staged -> Lifecycles.publishOrDiscard(store, staged, key, precondition));
    }

    /**
     * Publishes {@code staged} at {@code key} by a conflict policy, as a multipart upload does: {@code replace}
     * overwrites, {@code fail} is 409 {@code conflict} when the key is taken, {@code rename} takes the next free
     * numbered name ({@code a (1).txt}). On failure the staged object is the caller's (to discard).
     */
    public Mono<WriteResult> publish(StagedObject staged, ObjectKey key, ConflictPolicy policy) {
        return switch (policy) {
            case REPLACE -> store.publish(staged, key, Precondition.NONE);
            case FAIL ->
                store.publish(staged, key, Precondition.ABSENT)
                        .onErrorMap(PreconditionFailedException.class, e -> conflict(key));
            case RENAME ->
                Mono.defer(
                        () -> publishRenaming(new FreeNames(store::list, MAX_RENAMES, MAX_RENAMES), key, staged, true));
        };
    }

    /** 409 {@code conflict} for {@code conflict=fail} when {@code key} holds an object. */
    public Mono<Void> failIfTaken(ObjectKey key) {
        return store.stat(key)
                .flatMap(existing -> Mono.<Void>error(conflict(key)))
                .onErrorResume(ObjectNotFoundException.class, missing -> Mono.empty());
    }

    private Mono<WriteResult> publishRenaming(FreeNames names, ObjectKey original, StagedObject staged, boolean first) {
        Mono<ObjectKey> candidate = first ? Mono.just(original) : names.next(original);
        return candidate
                .flatMap(key -> store.publish(staged, key, Precondition.ABSENT))
                .onErrorResume(
                        error -> error instanceof PreconditionFailedException
                                || error instanceof KeyFolderConflictException,
                        error -> publishRenaming(names, original, staged, false));
    }

    private static ApiException conflict(ObjectKey key) {
        return new ApiException(ProblemCode.CONFLICT, "'" + key + "' exists (conflict=fail)");
    }

    private static Mono<Void> verify(StagedObject staged, ContentDigests expected, byte @Nullable [] sha512) {
        return Mono.fromRunnable(() -> expected.verify(staged.sha256(), sha512));
    }

    private ApiException tooLarge() {
        return new ApiException(
                ProblemCode.TOO_LARGE, "The file is larger than the limit of " + maxFileSize + " bytes");
    }
}
