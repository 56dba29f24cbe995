package dev.sluice.storage.s3;

import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ResumableData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The content of resumable uploads on S3: one multipart upload per upload at its data key
 * {@code <keyPrefix>.sluice/upload-data/<name>}, parts of exactly the store's part size, and the bytes after the
 * last full part in a small tail object ({@code <data key>.tail-<end>}) until the next chunk fills the part. An
 * append holds one part buffer from the store's {@link PartBudget} (waited for without a thread), loads the tail
 * into it, and sends each full part; what is left becomes a new tail object, so the tail the saved token names
 * stays intact until the new token is saved ({@link #release} then deletes it). Parts an unsaved append sent are
 * overwritten by the next one (same numbers) or left out of the completion. Sealing sends the tail as the last part
 * (a server-side UploadPartCopy) and completes the upload: the object at the data key is then a staged object that
 * {@link S3ObjectStore#publish} copies to its key and removes.
 */
final class S3ResumableData implements ResumableData {

    private static final Pattern NAME = Pattern.compile("[0-9a-f]{8,64}");

    private final S3AsyncClient client;
    private final String bucket;
    private final String prefix;
    private final int partSize;
    private final PartBudget budget;
    private final DataBufferFactory buffers;

    S3ResumableData(
            S3AsyncClient client,
            String bucket,
            String keyPrefix,
            int partSize,
            PartBudget budget,
            DataBufferFactory buffers) {
        this.client = client;
        this.bucket = bucket;
        this.prefix = keyPrefix + ObjectKey.RESERVED_SEGMENT + "/upload-data/";
        this.partSize = partSize;
        this.budget = budget;
        this.buffers = buffers;
    }

    @Override
    public Mono<String> create(String name) {
        String key = dataKey(name);
        return call(() -> client.createMultipartUpload(
                        request -> request.bucket(bucket).key(key).contentType("application/octet-stream")))
                .map(response -> S3UploadToken.started(response.uploadId()).encode())
                .onErrorMap(error -> S3Errors.translate(error, "creating an upload"));
    }

    @Override
    public Mono<Appended> append(
            String name, String token, long offset, Flux<DataBuffer> chunk, Consumer<ByteBuffer> observer) {
        S3UploadToken saved = S3UploadToken.decode(token);
        if (saved.sealed()) {
            return Mono.error(new IllegalStateException("the upload " + name + " is complete"));
        }
        return budget.acquire()
                .flatMap(permit -> {
                    PartWriter writer = new PartWriter(name, saved, offset, observer);
                    return writer.loadTail()
                            .thenMany(chunk.concatMap(writer::accept, 1))
                            .then(Mono.defer(writer::finish))
                            .doFinally(signal -> permit.release());
                })
                .onErrorMap(error -> S3Errors.translate(error, "writing to an upload"));
    }

    @Override
    public Mono<Sealed> seal(String name, String token, long size, String sha256, long crc32, String contentType) {
        S3UploadToken saved = S3UploadToken.decode(token);
        String key = dataKey(name);
        String tail = saved.tailKey();
        Mono<@Nullable String> version;
        if (saved.sealed()) {
            version = Mono.justOrEmpty(saved.versionId());
        } else if (saved.parts().isEmpty()) {
            // Under one part: no multipart upload is needed, the tail (or nothing) becomes the object.
            Mono<@Nullable String> single = tail == null
                    ? call(() -> client.putObject(
                                    request -> request.bucket(bucket).key(key).contentLength(0L),
                                    AsyncRequestBody.empty()))
                            .mapNotNull(response -> response.versionId())
                    : call(() -> client.copyObject(request -> request.sourceBucket(bucket)
                                    .sourceKey(tailKey(name, tail))
                                    .destinationBucket(bucket)
                                    .destinationKey(key)))
                            .mapNotNull(response -> response.versionId());
            version = abort(key, saved).then(single);
        } else {
            version = lastPart(name, saved)
                    .flatMap(parts -> call(() -> client.completeMultipartUpload(request -> request.bucket(bucket)
                                    .key(key)
                                    .uploadId(saved.uploadId())
                                    .multipartUpload(upload -> upload.parts(parts))))
                            .mapNotNull(response -> response.versionId()));
        }
        return version.map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(found -> {
                    String versionId = found.orElse(null);
                    S3UploadToken sealed = saved.sealedAs(versionId);
                    Mono<Void> dropTail = tail == null ? Mono.empty() : delete(tailKey(name, tail));
                    return dropTail.thenReturn(new Sealed(
                            new S3StagedObject(key, versionId, size, sha256, crc32, contentType), sealed.encode()));
                })
                .onErrorMap(error -> S3Errors.translate(error, "completing an upload"));
    }

    @Override
    public Flux<DataBuffer> read(String name, String token, long size) {
        S3UploadToken saved = S3UploadToken.decode(token);
        if (size == 0) {
            return Flux.empty();
        }
        return Mono.fromFuture(() -> client.getObject(
                        request -> request.bucket(bucket).key(dataKey(name)).versionId(saved.versionId()),
                        AsyncResponseTransformer.toPublisher()))
                .flatMapMany(Flux::from)
                .map(bytes -> {
                    DataBuffer buffer = buffers.allocateBuffer(bytes.remaining());
                    buffer.write(bytes);
                    return buffer;
                })
                .onErrorMap(error -> S3Errors.translate(error, "reading an upload"));
    }

    @Override
    public Mono<Void> remove(String name, String token) {
        S3UploadToken saved = S3UploadToken.decode(token);
        String key = dataKey(name);
        // Tails of appends that were never saved are found by listing; the data key's versions stay (an upload's
        // object is removed like a staged one).
        Mono<Void> tails = Mono.fromFuture(() ->
                        client.listObjectsV2(request -> request.bucket(bucket).prefix(key + ".")))
                .flatMapMany(response -> Flux.fromIterable(response.contents()))
                .concatMap(object -> delete(object.key()))
                .then()
                .onErrorResume(error -> Mono.empty());
        Mono<Void> object = call(() -> client.deleteObject(
                        request -> request.bucket(bucket).key(key).versionId(saved.versionId())))
                .then()
                .onErrorResume(error -> Mono.empty());
        return abort(key, saved).then(tails).then(object);
    }

    @Override
    public Mono<Void> release(String name, String previous, String current) {
        String old = S3UploadToken.decode(previous).tailKey();
        String now = S3UploadToken.decode(current).tailKey();
        return old == null || old.equals(now) ? Mono.empty() : delete(tailKey(name, old));
    }

    /** The saved parts plus the tail as the last part (any size is allowed there), copied on the server. */
    private Mono<List<CompletedPart>> lastPart(String name, S3UploadToken saved) {
        List<CompletedPart> parts = new ArrayList<>();
        for (S3UploadToken.Part part : saved.parts()) {
            parts.add(CompletedPart.builder()
                    .partNumber(part.number())
                    .eTag(part.eTag())
                    .build());
        }
        String tail = saved.tailKey();
        if (tail == null) {
            return Mono.just(parts);
        }
        int number = parts.size() + 1;
        return call(() -> client.uploadPartCopy(request -> request.sourceBucket(bucket)
                        .sourceKey(tailKey(name, tail))
                        .destinationBucket(bucket)
                        .destinationKey(dataKey(name))
                        .uploadId(saved.uploadId())
                        .partNumber(number)))
                .map(copied -> {
                    parts.add(CompletedPart.builder()
                            .partNumber(number)
                            .eTag(copied.copyPartResult().eTag())
                            .build());
                    return parts;
                });
    }

    private Mono<Void> abort(String key, S3UploadToken saved) {
        if (saved.uploadId().isEmpty()) {
            return Mono.empty();
        }
        return call(() -> client.abortMultipartUpload(
                        request -> request.bucket(bucket).key(key).uploadId(saved.uploadId())))
                .then()
                .onErrorResume(error -> Mono.empty());
    }

    private Mono<Void> delete(String key) {
        return call(() -> client.deleteObject(request -> request.bucket(bucket).key(key)))
                .then()
                .onErrorResume(error -> Mono.empty());
    }

    private String dataKey(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an upload name: " + name);
        }
        return prefix + name;
    }

    private String tailKey(String name, String tail) {
        return dataKey(name) + "." + tail;
    }

    private static <T> Mono<T> call(java.util.function.Supplier<CompletableFuture<T>> request) {
        // Never cancelled half-way: an append's outcome must be known before its token is saved or dropped.
        return Mono.fromFuture(request, true);
    }

    /** One append: the part buffer it holds, and the parts it sent. Used by one subscription at a time. */
    private final class PartWriter {

        private final String name;
        private final S3UploadToken saved;
        private final long offset;
        private final Consumer<ByteBuffer> observer;
        private final List<S3UploadToken.Part> parts;
        private final byte[] part = new byte[partSize];
        private int partLength;
        private long written;

        PartWriter(String name, S3UploadToken saved, long offset, Consumer<ByteBuffer> observer) {
            this.name = name;
            this.saved = saved;
            this.offset = offset;
            this.observer = observer;
            this.parts = new ArrayList<>(saved.parts());
        }

        /** Loads the saved tail into the part buffer (its bytes were observed when they first arrived). */
        Mono<Void> loadTail() {
            String tail = saved.tailKey();
            if (tail == null) {
                return Mono.empty();
            }
            return Mono.fromFuture(() -> client.getObject(
                            request -> request.bucket(bucket).key(tailKey(name, tail)),
                            AsyncResponseTransformer.toPublisher()))
                    .flatMapMany(Flux::from)
                    .doOnNext(bytes -> {
                        int count = bytes.remaining();
                        bytes.get(part, partLength, count);
                        partLength += count;
                    })
                    .then();
        }

        Mono<Void> accept(DataBuffer buffer) {
            byte[] bytes;
            try {
                bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
            } finally {
                DataBufferUtils.release(buffer);
            }
            observer.accept(ByteBuffer.wrap(bytes));
            written += bytes.length;
            return fill(bytes, 0);
        }

        private Mono<Void> fill(byte[] bytes, int from) {
            if (from == bytes.length) {
                return Mono.empty();
            }
            if (partLength == partSize) {
                return sendPart().then(Mono.defer(() -> fill(bytes, from)));
            }
            int count = Math.min(bytes.length - from, partSize - partLength);
            System.arraycopy(bytes, from, part, partLength, count);
            partLength += count;
            return fill(bytes, from + count);
        }

        private Mono<Void> sendPart() {
            int number = parts.size() + 1;
            long length = partLength;
            AsyncRequestBody body = AsyncRequestBody.fromByteBufferUnsafe(ByteBuffer.wrap(part, 0, partLength));
            return call(() -> client.uploadPart(
                            request -> request.bucket(bucket)
                                    .key(dataKey(name))
                                    .uploadId(saved.uploadId())
                                    .partNumber(number)
                                    .contentLength(length),
                            body))
                    .doOnNext(response -> {
                        parts.add(new S3UploadToken.Part(number, response.eTag(), length));
                        partLength = 0;
                    })
                    .then();
        }

        /** Sends a full last part, keeps the rest as a new tail object; emits what to save. */
        Mono<Appended> finish() {
            Mono<Void> full = partLength == partSize ? sendPart() : Mono.empty();
            return full.then(Mono.defer(() -> {
                if (partLength == 0) {
                    return Mono.just(
                            new Appended(written, saved.with(parts, null, 0).encode()));
                }
                String tail = "tail-" + (offset + written);
                long length = partLength;
                AsyncRequestBody body = AsyncRequestBody.fromByteBufferUnsafe(ByteBuffer.wrap(part, 0, partLength));
                return call(() -> client.putObject(
                                request -> request.bucket(bucket)
                                        .key(tailKey(name, tail))
                                        .contentLength(length),
                                body))
                        .thenReturn(new Appended(
                                written, saved.with(parts, tail, length).encode()));
            }));
        }
    }
}
