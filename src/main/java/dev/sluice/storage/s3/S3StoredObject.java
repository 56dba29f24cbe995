package dev.sluice.storage.s3;

import dev.sluice.storage.ObjectChangedException;
import dev.sluice.storage.ObjectInfo;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * An object opened by a HeadObject: its metadata, and ranged GETs pinned to the version that HEAD saw. In a
 * versioned bucket each GET names the version id, so the open object stays readable after an overwrite or delete,
 * as on the local backend. Every GET also carries the HEAD's S3 ETag as {@code If-Match}: without versioning S3
 * cannot keep the old version, so a read after an overwrite or delete fails with {@link ObjectChangedException} instead
 * of mixing the versions' bytes. Holds no connection between reads; each read holds one while its body streams.
 */
final class S3StoredObject implements dev.sluice.storage.StoredObject {

    private final S3AsyncClient client;
    private final String bucket;
    private final String s3Key;
    private final String s3ETag;
    private final @Nullable String versionId;
    private final ObjectInfo info;
    private final DataBufferFactory buffers;
    private final AtomicLong openStreams;
    private final AtomicBoolean closed = new AtomicBoolean();

    S3StoredObject(
            S3AsyncClient client,
            String bucket,
            String s3Key,
            String s3ETag,
            @Nullable String versionId,
            ObjectInfo info,
            DataBufferFactory buffers,
            AtomicLong openStreams) {
        this.versionId = versionId;
        this.client = client;
        this.bucket = bucket;
        this.s3Key = s3Key;
        this.s3ETag = s3ETag;
        this.info = info;
        this.buffers = buffers;
        this.openStreams = openStreams;
    }

    @Override
    public ObjectInfo info() {
        return info;
    }

    @Override
    public Flux<DataBuffer> read(long offset, long length) {
        IllegalArgumentException outside = info.sliceError(offset, length);
        if (outside != null) {
            return Flux.error(outside);
        }
        if (length == 0) {
            return Flux.empty();
        }
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        return Flux.defer(() -> {
            openStreams.incrementAndGet();
            return Mono.fromFuture(() -> client.getObject(
                            request -> request.bucket(bucket)
                                    .key(s3Key)
                                    .range(range)
                                    .ifMatch(s3ETag)
                                    .versionId(versionId),
                            AsyncResponseTransformer.toPublisher()))
                    .flatMapMany(Flux::from)
                    // Wrapped, not copied: the SDK's Netty client hands out a fresh heap copy of each chunk
                    // (ResponseHandler.copyToByteBuffer) and never touches it again; the caller releases the wrapper
                    // as usual. One copy less per byte served.
                    .map(buffers::wrap)
                    .onErrorMap(error -> S3Errors.isNotFound(error) || S3Errors.isPreconditionFailed(error)
                            ? new ObjectChangedException(
                                    "the object " + info.key() + " changed or was deleted while " + "it was being read",
                                    S3Errors.unwrap(error))
                            : S3Errors.translate(error, "reading " + info.key()))
                    .doFinally(signal -> openStreams.decrementAndGet());
        });
    }

    @Override
    public void close() {
        closed.set(true); // nothing is held between reads: each read's connection goes back when it ends
    }
}
