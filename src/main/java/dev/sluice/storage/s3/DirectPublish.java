package dev.sluice.storage.s3;

import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.WriteResult;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The last step of an upload staged toward its key ({@link S3DirectObject}): one PutObject of a held body, or the
 * CompleteMultipartUpload of an open upload, the one request that makes the object visible, whole. The caller has
 * tested the precondition and the key/folder rule already, under the key's lock where the server needs one; the
 * request carries {@code If-None-Match: *} or {@code If-Match} where the server honours them on it, which makes the
 * test and the write atomic across instances without a lock.
 */
final class DirectPublish {

    private final S3AsyncClient client;
    private final String bucket;
    private final ConditionalWrites writes;
    private final S3DigestRecords digests;

    DirectPublish(S3AsyncClient client, String bucket, ConditionalWrites writes, S3DigestRecords digests) {
        this.client = client;
        this.bucket = bucket;
        this.writes = writes;
        this.digests = digests;
    }

    /**
     * Writes {@code staged} at {@code key}; the Mono it gives, to be subscribed once the key's lock is released,
     * records the digest (before the upload is answered, so that the digest the client is told is readable) and
     * yields the result.
     *
     * @param currentETag the S3 ETag of the object the caller's HEAD saw (null when none)
     * @param conditional whether to send the conditional header matching {@code currentETag}; false when the key's
     *     lock already makes the check and the write atomic, or for an unconditional write
     */
    Mono<Mono<WriteResult>> run(
            S3DirectObject staged, ObjectKey key, boolean existed, @Nullable String currentETag, boolean conditional) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Mono<Written> written = staged instanceof S3HeldObject held
                ? put(held, existed, currentETag, conditional, now)
                : complete((S3OpenUpload) staged, key, existed, currentETag, conditional);
        // What follows the write needs no lock: the record and the HEAD name the version just written.
        return written.map(done -> finish(staged, key, existed, done, now));
    }

    /** Records the digest of a multipart object and answers with the version written. */
    private Mono<WriteResult> finish(S3DirectObject staged, ObjectKey key, boolean existed, Written done, Instant now) {
        Mono<Void> recorded = staged instanceof S3OpenUpload
                ? digests.write(key, done.eTag(), done.versionId(), staged.sha256(), staged.crc32())
                : Mono.empty();
        return recorded.then(lastModified(staged.s3Key(), done, now))
                .map(modified -> new WriteResult(
                        new ObjectInfo(
                                key,
                                staged.size(),
                                staged.contentType(),
                                staged.sha256(),
                                modified,
                                staged.crc32(),
                                null),
                        !existed));
    }

    private Mono<Written> put(
            S3HeldObject held, boolean existed, @Nullable String currentETag, boolean conditional, Instant now) {
        ConditionalWrites.Conditions form = writes.put();
        Map<String, String> metadata = Map.of(
                S3ObjectStore.SHA256,
                held.sha256(),
                S3ObjectStore.SIZE,
                Long.toString(held.size()),
                S3ObjectStore.MTIME,
                Long.toString(now.getEpochSecond()),
                S3ObjectStore.CRC32,
                Long.toHexString(held.crc32()));
        return Mono.defer(() -> {
                    CompletableFuture<PutObjectResponse> future = client.putObject(
                            request -> request.bucket(bucket)
                                    .key(held.s3Key())
                                    .contentType(held.contentType())
                                    .contentLength(held.size())
                                    .metadata(metadata)
                                    .ifNoneMatch(conditional && !existed ? "*" : null)
                                    .ifMatch(conditional && existed ? form.ifMatch(currentETag) : null),
                            AsyncRequestBody.fromByteBufferUnsafe(held.content()));
                    // The buffer goes back to the budget once the request no longer reads it, however it ended.
                    future.whenComplete((response, error) -> held.release());
                    return Mono.fromFuture(future, true);
                })
                .map(response -> new Written(ConditionalWrites.unquotedOrNull(response.eTag()), response.versionId()));
    }

    private Mono<Written> complete(
            S3OpenUpload upload, ObjectKey key, boolean existed, @Nullable String currentETag, boolean conditional) {
        ConditionalWrites.Conditions form = writes.complete();
        return Mono.fromFuture(
                        () -> client.completeMultipartUpload(request -> request.bucket(bucket)
                                .key(upload.s3Key())
                                .uploadId(upload.uploadId())
                                .multipartUpload(parts -> parts.parts(upload.parts()))
                                .ifNoneMatch(conditional && !existed ? "*" : null)
                                .ifMatch(conditional && existed ? form.ifMatch(currentETag) : null)),
                        true)
                .map(response -> written(upload, response));
    }

    /**
     * What identifies the completed version. Ceph RGW 16.2 answers with an empty ETag: then it is computed from the
     * parts, since a HEAD afterwards could already see another writer's version.
     */
    private static Written written(S3OpenUpload upload, CompleteMultipartUploadResponse response) {
        String eTag = ConditionalWrites.unquotedOrNull(response.eTag());
        return new Written(eTag != null ? eTag : S3DigestRecords.multipartETag(upload.parts()), response.versionId());
    }

    /**
     * S3's Last-Modified of the version just written, so that the upload's answer agrees with later stats and
     * listings; the time of the request when it can no longer be told apart from a later writer's version.
     */
    private Mono<Instant> lastModified(String s3Key, Written done, Instant fallback) {
        if (done.eTag() == null && done.versionId() == null) {
            return Mono.just(fallback);
        }
        return Mono.fromFuture(() -> client.headObject(
                        request -> request.bucket(bucket).key(s3Key).versionId(done.versionId())))
                .map(head -> done.eTag() == null || done.eTag().equals(ConditionalWrites.unquotedOrNull(head.eTag()))
                        ? head.lastModified().truncatedTo(ChronoUnit.SECONDS)
                        : fallback)
                .onErrorReturn(fallback);
    }

    private record Written(@Nullable String eTag, @Nullable String versionId) {}
}
