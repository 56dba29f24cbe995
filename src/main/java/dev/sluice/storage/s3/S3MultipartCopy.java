package dev.sluice.storage.s3;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Publishes a staged object with a server-side multipart copy: CreateMultipartUpload on the destination with the
 * object's metadata, UploadPartCopy of consecutive byte ranges of the staging key (at most {@code concurrency} at
 * once), then CompleteMultipartUpload carrying the publish's condition. S3 copies at most 5 GiB in one CopyObject;
 * this is how larger objects are published. No byte passes through Sluice.
 *
 * <p>Hand-written rather than the SDK's multipart client ({@code multipartEnabled(true)}): that one sends every part
 * copy at once, applies to all of the client's calls (the staging uploads too), and does not carry If-None-Match or
 * If-Match to the completing request, which is what makes the publish conditional.
 *
 * <p>A failure or a cancel aborts the multipart upload once the part copies in flight have settled, so that no
 * upload (and no billed part) is left open; the destination key is untouched until the complete succeeds.
 */
final class S3MultipartCopy {

    /** S3's largest number of parts in one multipart upload. */
    static final int MAX_PARTS = 10_000;

    private final S3AsyncClient client;
    private final String bucket;
    private final AtomicReference<@Nullable String> uploadId = new AtomicReference<>();
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();

    S3MultipartCopy(S3AsyncClient client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /**
     * The part size for {@code size} bytes: {@code partSize}, or larger when {@code partSize} would need more than
     * {@link #MAX_PARTS} parts.
     */
    static long partSizeFor(long size, long partSize) {
        return Math.max(partSize, (size + MAX_PARTS - 1) / MAX_PARTS);
    }

    /**
     * Copies {@code source} ({@code size} bytes) to {@code destinationKey}; lazy, subscribe once.
     *
     * @param sourceVersionId the staged version in a versioned bucket, else null
     * @param ifNoneMatch {@code "*"} to create only, else null
     * @param ifMatch the S3 ETag the destination must still have, else null
     */
    Mono<CompleteMultipartUploadResponse> run(
            String sourceKey,
            @Nullable String sourceVersionId,
            long size,
            String destinationKey,
            String contentType,
            Map<String, String> metadata,
            long partSize,
            int concurrency,
            @Nullable String ifNoneMatch,
            @Nullable String ifMatch) {
        long part = partSizeFor(size, partSize);
        int parts = (int) Math.max(1, (size + part - 1) / part);
        return call(() -> client.createMultipartUpload(request -> request.bucket(bucket)
                                .key(destinationKey)
                                .contentType(contentType)
                                .metadata(metadata))
                        .thenApply(created -> {
                            uploadId.set(created.uploadId()); // even if nobody listens any more: for the abort
                            return created;
                        }))
                .flatMap(created -> Flux.range(1, parts)
                        .flatMapSequential(
                                number -> copyPart(
                                        sourceKey,
                                        sourceVersionId,
                                        destinationKey,
                                        created.uploadId(),
                                        number,
                                        (number - 1) * part,
                                        Math.min(size, number * part) - 1),
                                concurrency)
                        .collectList()
                        .flatMap(completed ->
                                complete(destinationKey, created.uploadId(), completed, ifNoneMatch, ifMatch)))
                .doOnError(error -> abort(destinationKey))
                .doOnCancel(() -> abort(destinationKey));
    }

    private Mono<CompletedPart> copyPart(
            String sourceKey,
            @Nullable String sourceVersionId,
            String destinationKey,
            String id,
            int number,
            long first,
            long last) {
        return call(() -> client.uploadPartCopy(request -> request.sourceBucket(bucket)
                        .sourceKey(sourceKey)
                        .sourceVersionId(sourceVersionId)
                        .destinationBucket(bucket)
                        .destinationKey(destinationKey)
                        .uploadId(id)
                        .partNumber(number)
                        .copySourceRange("bytes=" + first + "-" + last)))
                .map(copied -> CompletedPart.builder()
                        .partNumber(number)
                        .eTag(copied.copyPartResult().eTag())
                        .build());
    }

    private Mono<CompleteMultipartUploadResponse> complete(
            String destinationKey,
            String id,
            List<CompletedPart> parts,
            @Nullable String ifNoneMatch,
            @Nullable String ifMatch) {
        return call(() -> client.completeMultipartUpload(request -> request.bucket(bucket)
                        .key(destinationKey)
                        .uploadId(id)
                        .multipartUpload(upload -> upload.parts(parts))
                        .ifNoneMatch(ifNoneMatch)
                        .ifMatch(ifMatch))
                .thenApply(done -> {
                    uploadId.set(null);
                    return done;
                }));
    }

    /**
     * Starts a request that is never cancelled half-way: its outcome must be known before the abort. A part copy
     * that the server finishes after an abort is the case S3 documents as needing a second abort; waiting for the
     * requests in flight avoids it.
     */
    private <T> Mono<T> call(Supplier<CompletableFuture<T>> request) {
        return Mono.defer(() -> {
            CompletableFuture<T> future = request.get();
            inFlight.add(future);
            future.whenComplete((result, error) -> inFlight.remove(future));
            return Mono.fromFuture(future, true);
        });
    }

    /**
     * Once the requests in flight have settled, aborts the upload if one was started and not completed; a failure
     * to abort is logged by nobody and is not the caller's error (the publish has failed already).
     */
    private void abort(String destinationKey) {
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                .handle((result, error) -> uploadId.getAndSet(null))
                .thenCompose(id -> id == null
                        ? CompletableFuture.completedFuture(null)
                        : client.abortMultipartUpload(request -> request.bucket(bucket)
                                        .key(destinationKey)
                                        .uploadId(id))
                                .handle((result, error) -> null));
    }
}
