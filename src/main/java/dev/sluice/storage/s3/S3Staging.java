package dev.sluice.storage.s3;

import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.StagedObject;
import dev.sluice.storage.StorageIoException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * One stage in progress: streams a body of unknown length to one staging key, as a single PutObject when it fits
 * in one part, else as a multipart upload, computing SHA-256 on the way.
 *
 * <p>Memory: each part is collected in a buffer that needs a {@link PartBudget} permit, waited for without a
 * thread; the permit is given back as soon as the part has been sent. Each incoming {@link DataBuffer} is copied
 * into the part buffer and released at once (the stage owns them). Parts are sent one at a time, so one upload
 * holds at most one part buffer, and the body is not read while a part is being sent (backpressure).
 *
 * <p>Cleanup: a stage that fails or is cancelled waits for its request in flight (if any) to settle, then aborts
 * its multipart upload and deletes the staging key, so that neither an open upload nor a staged object survives,
 * even when the cancel raced with a request that the server completed anyway.
 */
final class S3Staging {

    /** S3's largest CopyObject; larger objects are published with a multipart copy ({@link S3MultipartCopy}). */
    static final long MAX_SINGLE_COPY = 5L << 30;

    /** S3's largest object. */
    static final long MAX_OBJECT_SIZE = 5L << 40;

    private final S3AsyncClient client;
    private final String bucket;
    private final String key;
    private final String contentType;
    private final int partSize;
    private final PartBudget budget;
    private final @Nullable ObjectKey target;
    private final MessageDigest digest = sha256();
    private final CRC32 crc32 = new CRC32();
    private final List<CompletedPart> parts = new ArrayList<>();

    private long size;
    private PartBudget.@Nullable Permit permit;
    private byte @Nullable [] part;
    private int partLength;
    private boolean closed;
    private volatile @Nullable String uploadId;
    private volatile boolean keyMayExist;
    private volatile CompletableFuture<?> inFlight = CompletableFuture.completedFuture(null);

    S3Staging(S3AsyncClient client, String bucket, String key, String contentType, int partSize, PartBudget budget) {
        this(client, bucket, key, contentType, partSize, budget, null);
    }

    /**
     * @param target when not null, {@code key} is that object's own S3 key and nothing is made visible: a body of one
     *     part stays in its part buffer, a larger one stays an open multipart upload, for the publish to finish
     */
    S3Staging(
            S3AsyncClient client,
            String bucket,
            String key,
            String contentType,
            int partSize,
            PartBudget budget,
            @Nullable ObjectKey target) {
        this.target = target;
        this.client = client;
        this.bucket = bucket;
        this.key = key;
        this.contentType = contentType;
        this.partSize = partSize;
        this.budget = budget;
    }

    /** Streams {@code content}; lazy, and meant to be subscribed once. */
    Mono<StagedObject> run(Flux<DataBuffer> content) {
        return content.concatMap(this::accept, 1)
                .then(Mono.defer(this::finish))
                .doOnError(error -> cleanUp())
                .doOnCancel(this::cleanUp)
                // A staged object made at the moment of a cancel never reaches anyone who could discard it.
                .doOnDiscard(S3HeldObject.class, S3HeldObject::release)
                .doOnDiscard(S3OpenUpload.class, this::abort);
    }

    private Mono<Void> accept(DataBuffer buffer) {
        byte[] bytes;
        try {
            bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
        } finally {
            DataBufferUtils.release(buffer);
        }
        digest.update(bytes);
        crc32.update(bytes);
        size += bytes.length;
        if (size > maxSize()) {
            String message = "the S3 backend stores objects of at most " + maxSize() + " bytes: "
                    + S3MultipartCopy.MAX_PARTS + " parts of sluice.storage.s3.part-size (" + partSize
                    + " bytes), and S3's own limit of 5 TiB";
            return Mono.error(new StorageIoException(message, new UnsupportedOperationException(message)));
        }
        return append(bytes, 0);
    }

    /** The largest body a multipart upload of {@code partSize} parts can hold. */
    private long maxSize() {
        return Math.min(MAX_OBJECT_SIZE, (long) partSize * S3MultipartCopy.MAX_PARTS);
    }

    /** Copies {@code bytes[from..]} into part buffers, sending each full one before starting the next. */
    private Mono<Void> append(byte[] bytes, int from) {
        if (from == bytes.length) {
            return Mono.empty();
        }
        if (part == null) {
            return budget.acquire().flatMap(granted -> {
                if (!hold(granted)) {
                    return Mono.empty(); // cancelled meanwhile
                }
                return append(bytes, from);
            });
        }
        if (partLength == partSize) {
            return sendPart().then(Mono.defer(() -> append(bytes, from)));
        }
        int count = Math.min(bytes.length - from, partSize - partLength);
        ensureCapacity(partLength + count);
        System.arraycopy(bytes, from, part, partLength, count);
        partLength += count;
        return append(bytes, from + count);
    }

    private synchronized boolean hold(PartBudget.Permit granted) {
        if (closed) {
            granted.release();
            return false;
        }
        permit = granted;
        part = new byte[Math.min(partSize, 64 * 1024)];
        partLength = 0;
        return true;
    }

    private void ensureCapacity(int needed) {
        byte[] held = Objects.requireNonNull(part, "no part buffer is held");
        if (held.length < needed) {
            byte[] grown = new byte[(int) Math.min(partSize, Math.max(needed, 2L * held.length))];
            System.arraycopy(held, 0, grown, 0, partLength);
            part = grown;
        }
    }

    /** Sends the full part buffer as the next part of the multipart upload, starting the upload if needed. */
    private Mono<Void> sendPart() {
        Mono<String> upload = uploadId != null
                ? Mono.just(uploadId)
                : call(() -> client.createMultipartUpload(request -> request.bucket(bucket)
                                .key(key)
                                .contentType(contentType)
                                .metadata(target == null ? Map.of() : S3DigestRecords.MARKER))
                        .thenApply(response -> {
                            uploadId = response.uploadId(); // set even if nobody listens any more, for the cleanup
                            return response.uploadId();
                        }));
        int number = parts.size() + 1;
        AsyncRequestBody body = AsyncRequestBody.fromByteBufferUnsafe(ByteBuffer.wrap(part, 0, partLength));
        long length = partLength;
        return upload.flatMap(id -> call(() -> client.uploadPart(
                        request -> request.bucket(bucket)
                                .key(key)
                                .uploadId(id)
                                .partNumber(number)
                                .contentLength(length),
                        body)))
                .doOnNext(response -> parts.add(CompletedPart.builder()
                        .partNumber(number)
                        .eTag(response.eTag())
                        .build()))
                .doOnNext(response -> releasePart())
                .then();
    }

    private Mono<StagedObject> finish() {
        if (target != null) {
            return finishDirect(target);
        }
        Mono<@Nullable String> stored;
        if (uploadId == null && parts.isEmpty()) {
            byte[] bytes = part == null ? new byte[0] : part;
            AsyncRequestBody body = AsyncRequestBody.fromByteBufferUnsafe(ByteBuffer.wrap(bytes, 0, partLength));
            stored = call(
                            () -> client.putObject(
                                    request -> request.bucket(bucket)
                                            .key(key)
                                            .contentType(contentType)
                                            .contentLength((long) partLength),
                                    body),
                            true)
                    .mapNotNull(response -> versionOf(response));
        } else {
            stored = sendPart()
                    .then(call(
                                    () -> client.completeMultipartUpload(request -> request.bucket(bucket)
                                            .key(key)
                                            .uploadId(uploadId)
                                            .multipartUpload(upload -> upload.parts(parts))),
                                    true)
                            .mapNotNull(response -> versionOf(response)));
        }
        return stored.map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .doOnNext(done -> releasePart())
                .map(version -> new S3StagedObject(
                        key,
                        version.orElse(null),
                        size,
                        HexFormat.of().formatHex(digest.digest()),
                        crc32.getValue(),
                        contentType));
    }

    /**
     * Hands what was streamed toward {@code target} over to a staged object: the part buffer and its permit for a body
     * of one part, the open multipart upload (its last part sent) for a larger one. From then on the staged object
     * owns them; this stage no longer cleans up.
     */
    private Mono<StagedObject> finishDirect(ObjectKey target) {
        Mono<Void> lastPart = uploadId == null && parts.isEmpty() ? Mono.empty() : sendPart();
        return lastPart.then(Mono.fromSupplier(() -> {
            String sha256 = HexFormat.of().formatHex(digest.digest());
            synchronized (this) {
                if (closed) {
                    return null; // cancelled meanwhile: cleanUp() releases and aborts
                }
                closed = true;
                if (uploadId == null) {
                    byte[] bytes = part == null ? new byte[0] : part;
                    S3HeldObject held = new S3HeldObject(
                            target, key, bytes, partLength, permit, sha256, crc32.getValue(), contentType);
                    permit = null;
                    part = null;
                    partLength = 0;
                    return held;
                }
                return new S3OpenUpload(
                        target, key, uploadId, List.copyOf(parts), size, sha256, crc32.getValue(), contentType);
            }
        }));
    }

    /** The version id a write returned, or null (unversioned bucket, or a failed or unknown request). */
    private static @Nullable String versionOf(@Nullable Object response) {
        if (response instanceof PutObjectResponse put) {
            return put.versionId();
        }
        if (response instanceof CompleteMultipartUploadResponse complete) {
            return complete.versionId();
        }
        return null;
    }

    private <T> Mono<T> call(Supplier<CompletableFuture<T>> request) {
        return call(request, false);
    }

    /**
     * Starts {@code request} unless the stage was cleaned up already. Starting and recording the request happen
     * under the same lock as {@link #cleanUp()}'s {@code closed} flag: a cancel from another thread either comes
     * first (nothing is started) or waits for this request to settle before it aborts and deletes, so a request
     * started at the moment of a cancel can no longer leave a staged object behind.
     */
    private <T> Mono<T> call(Supplier<CompletableFuture<T>> request, boolean writesKey) {
        return Mono.defer(() -> {
            CompletableFuture<T> future;
            synchronized (this) {
                if (closed) {
                    return Mono.empty();
                }
                if (writesKey) {
                    keyMayExist = true;
                }
                future = request.get();
                inFlight = future;
            }
            // The request is never cancelled half-way: its outcome must be known to clean up after it.
            return Mono.fromFuture(future, true);
        });
    }

    private synchronized void releasePart() {
        if (permit != null) {
            permit.release();
        }
        permit = null;
        part = null;
        partLength = 0;
    }

    private void cleanUp() {
        CompletableFuture<?> last;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            last = inFlight;
        }
        releasePart();
        last.handle((result, error) -> Optional.ofNullable(versionOf(result)))
                .thenCompose(version -> {
                    String id = uploadId;
                    CompletableFuture<?> abort = id == null
                            ? CompletableFuture.completedFuture(null)
                            : client.abortMultipartUpload(
                                    request -> request.bucket(bucket).key(key).uploadId(id));
                    return abort.handle((result, error) -> version);
                })
                .thenCompose(version -> keyMayExist
                        ? client.deleteObject(request ->
                                        request.bucket(bucket).key(key).versionId(version.orElse(null)))
                                .handle((result, error) -> null)
                        : CompletableFuture.completedFuture(null));
    }

    private void abort(S3OpenUpload upload) {
        client.abortMultipartUpload(
                request -> request.bucket(bucket).key(upload.s3Key()).uploadId(upload.uploadId()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
