package dev.sluice.storage.s3;

import dev.sluice.storage.ObjectKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Finds out, once at start-up, which conditional write headers the S3 server honours, by trying each on scratch keys
 * under {@code <keyPrefix>.sluice/probe/<random>/} (removed afterwards, every version): a write with
 * {@code If-None-Match: *} to an existing key, and with {@code If-Match} carrying a wrong ETag, the right ETag
 * quoted and the right ETag unquoted; for PutObject (in the bucket the publish locks live in), CopyObject and
 * CompleteMultipartUpload. Servers do not say what they support, and the difference decides whether a publish is
 * atomic across instances. It also differs by bucket: Ceph RGW 16.2 honours conditional PutObject in an unversioned
 * bucket only (in a versioned one every write is a new version, which If-None-Match never finds and If-Match never
 * matches).
 *
 * <p>Blocking: it runs on the thread that creates the store, before the server takes requests.
 */
final class ConditionalWriteProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String WRONG_ETAG = "\"00000000000000000000000000000000\"";

    private final S3AsyncClient client;
    private final String bucket;
    private final String lockBucket;
    private final String base;

    /** @param lockBucket the bucket the publish locks would live in; PutObject is probed there */
    ConditionalWriteProbe(S3AsyncClient client, String bucket, String lockBucket, String keyPrefix) {
        this.client = client;
        this.bucket = bucket;
        this.lockBucket = lockBucket;
        this.base = keyPrefix + ObjectKey.RESERVED_SEGMENT + "/probe/" + UUID.randomUUID() + "/";
    }

    ConditionalWrites run() {
        try {
            String target = base + "target";
            String source = base + "source";
            await(put(lockBucket, target, "target", null, null));
            ConditionalWrites.Conditions put = conditions(
                    lockBucket,
                    target,
                    (condition) -> put(lockBucket, target, "target", condition.ifNoneMatch(), condition.ifMatch()));
            await(put(bucket, source, "source", null, null));
            await(put(bucket, target, "target", null, null));
            ConditionalWrites.Conditions copy = conditions(
                    bucket, target, (condition) -> copy(source, target, condition.ifNoneMatch(), condition.ifMatch()));
            ConditionalWrites.Conditions complete = conditions(
                    bucket, target, (condition) -> multipart(target, condition.ifNoneMatch(), condition.ifMatch()));
            return new ConditionalWrites(put, copy, complete);
        } finally {
            cleanUp(bucket);
            if (!lockBucket.equals(bucket)) {
                cleanUp(lockBucket);
            }
        }
    }

    private ConditionalWrites.Conditions conditions(
            String where, String target, Function<Condition, CompletableFuture<?>> write) {
        boolean ifNoneMatch = status(write.apply(new Condition("*", null))) == 412;
        ConditionalWrites.IfMatch ifMatch = ConditionalWrites.IfMatch.IGNORED;
        if (status(write.apply(new Condition(null, WRONG_ETAG))) == 412) {
            // Each write leaves the target with a new ETag (or the same, for the same bytes): read it each time.
            if (status(write.apply(new Condition(null, ConditionalWrites.quoted(eTag(where, target))))) == 200) {
                ifMatch = ConditionalWrites.IfMatch.QUOTED;
            } else if (status(write.apply(new Condition(null, ConditionalWrites.unquoted(eTag(where, target)))))
                    == 200) {
                ifMatch = ConditionalWrites.IfMatch.UNQUOTED;
            }
        }
        return new ConditionalWrites.Conditions(ifNoneMatch, ifMatch);
    }

    private record Condition(
            @Nullable String ifNoneMatch, @Nullable String ifMatch) {}

    private CompletableFuture<?> put(
            String where, String key, String content, @Nullable String ifNoneMatch, @Nullable String ifMatch) {
        return client.putObject(
                request ->
                        request.bucket(where).key(key).ifNoneMatch(ifNoneMatch).ifMatch(ifMatch),
                AsyncRequestBody.fromString(content));
    }

    private CompletableFuture<?> copy(
            String source, String target, @Nullable String ifNoneMatch, @Nullable String ifMatch) {
        return client.copyObject(request -> request.sourceBucket(bucket)
                .sourceKey(source)
                .destinationBucket(bucket)
                .destinationKey(target)
                .ifNoneMatch(ifNoneMatch)
                .ifMatch(ifMatch));
    }

    /** A one-part multipart upload to {@code target}, completed with the condition; aborted when refused. */
    private CompletableFuture<?> multipart(String target, @Nullable String ifNoneMatch, @Nullable String ifMatch) {
        return client.createMultipartUpload(request -> request.bucket(bucket).key(target))
                .thenCompose(created -> client.uploadPart(
                                request -> request.bucket(bucket)
                                        .key(target)
                                        .uploadId(created.uploadId())
                                        .partNumber(1),
                                AsyncRequestBody.fromString("part"))
                        .thenCompose(part -> client.completeMultipartUpload(request -> request.bucket(bucket)
                                .key(target)
                                .uploadId(created.uploadId())
                                .multipartUpload(upload -> upload.parts(CompletedPart.builder()
                                        .partNumber(1)
                                        .eTag(part.eTag())
                                        .build()))
                                .ifNoneMatch(ifNoneMatch)
                                .ifMatch(ifMatch)))
                        .handle((done, error) -> error == null
                                ? CompletableFuture.completedFuture(done)
                                : client.abortMultipartUpload(request -> request.bucket(bucket)
                                                .key(target)
                                                .uploadId(created.uploadId()))
                                        .handle((aborted, ignored) -> {
                                            throw error instanceof CompletionException completion
                                                    ? completion
                                                    : new CompletionException(error);
                                        }))
                        .thenCompose(settled -> settled));
    }

    private String eTag(String where, String key) {
        return await(client.headObject(request -> request.bucket(where).key(key)))
                .eTag();
    }

    /** 200 for success, else the error's HTTP status (0 when it has none). */
    private static int status(CompletableFuture<?> write) {
        try {
            write.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return 200;
        } catch (ExecutionException e) {
            return S3Errors.unwrap(causeOf(e)) instanceof S3Exception s3 ? s3.statusCode() : 0;
        } catch (TimeoutException e) {
            throw new IllegalStateException("the S3 server did not answer the conditional-write probe", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing the S3 server", e);
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "the conditional-write probe failed: " + causeOf(e).getMessage(), causeOf(e));
        } catch (TimeoutException e) {
            throw new IllegalStateException("the S3 server did not answer the conditional-write probe", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing the S3 server", e);
        }
    }

    /** Removes every version of the scratch keys (or the keys, where the server lists no versions). */
    private void cleanUp(String where) {
        List<ObjectIdentifier> objects = new ArrayList<>();
        try {
            await(client.listObjectVersions(request -> request.bucket(where).prefix(base)))
                    .versions()
                    .forEach(version -> objects.add(ObjectIdentifier.builder()
                            .key(version.key())
                            .versionId(version.versionId())
                            .build()));
        } catch (RuntimeException unsupported) {
            objects.add(ObjectIdentifier.builder().key(base + "source").build());
            objects.add(ObjectIdentifier.builder().key(base + "target").build());
        }
        for (ObjectIdentifier object : objects) {
            status(client.deleteObject(
                    request -> request.bucket(where).key(object.key()).versionId(object.versionId())));
        }
    }

    /** What an {@link ExecutionException} wraps; the exception itself when it wraps nothing. */
    private static Throwable causeOf(ExecutionException e) {
        return e.getCause() != null ? e.getCause() : e;
    }
}
