package dev.sluice.storage.s3;

import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.StorageIoException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * A lease lock per key, kept as a small object {@code <keyPrefix>.sluice/locks/<sha256 of the key>} and taken with
 * a conditional PutObject: for servers that honour conditional headers on PutObject but not on the copy that
 * publishes (Ceph RGW 16.2), so that "check the key, then copy" is one step across instances.
 *
 * <ul>
 *   <li>Taken with {@code If-None-Match: *}: of two writers, one gets 200, the other 412 and waits (backing off
 *       without a thread) for the lock to go.</li>
 *   <li>Each holder writes its own random id into the lock, so that every lock has an ETag of its own. The holder
 *       renews it every third of the lease with {@code If-Match} on that ETag (a renewal refused with 412 means the
 *       lock was taken over; it is logged).</li>
 *   <li>A lock whose Last-Modified is older than the lease by the server's own clock ({@code Date} of the HEAD) was
 *       left by a writer that crashed or hung: it is taken over with {@code If-Match} on its ETag, so that of two
 *       writers that found it stale only one takes it.</li>
 *   <li>Released by deleting the versions the holder wrote (in a versioned bucket, only those: a takeover's
 *       version is never removed by the writer it replaced).</li>
 * </ul>
 *
 * <p>A crash never leaves a partial object: the copy under the lock is atomic on the server, and the lock only
 * delays other writers of the key by at most the lease. Once taken, the locked work runs to its end even when its
 * subscriber cancels, so that the lock is released only after a copy in flight has settled.
 */
final class PublishLocks {

    private static final Logger log = LoggerFactory.getLogger(PublishLocks.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(10);
    private static final Duration MAX_BACKOFF = Duration.ofMillis(250);

    private final S3AsyncClient client;
    private final String bucket;
    private final String prefix;
    private final ConditionalWrites.Conditions put;
    private final Duration lease;

    /**
     * @param keyPrefix the store's key prefix
     * @param put how the server compares If-Match on PutObject
     * @param lease how long a lock holds without renewal
     */
    PublishLocks(
            S3AsyncClient client, String bucket, String keyPrefix, ConditionalWrites.Conditions put, Duration lease) {
        this.client = client;
        this.bucket = bucket;
        this.prefix = keyPrefix + ObjectKey.RESERVED_SEGMENT + "/locks/";
        this.put = put;
        this.lease = lease;
    }

    /** The S3 key of {@code key}'s lock. */
    String lockKey(ObjectKey key) {
        return prefix + sha256(key.value());
    }

    /**
     * Runs {@code work} holding {@code key}'s lock. Waits for the lock at most twice the lease (a live holder
     * renews, so a longer wait means a writer holds the key that long), then fails with {@link StorageIoException}.
     */
    <T> Mono<T> run(ObjectKey key, Supplier<Mono<T>> work) {
        String lockKey = lockKey(key);
        return Mono.defer(() -> {
            CompletableFuture<T> done = Mono.usingWhen(
                            acquire(lockKey),
                            held -> work.get(),
                            this::release,
                            (held, error) -> release(held),
                            this::release)
                    .toFuture();
            return Mono.fromFuture(done, true);
        });
    }

    private Mono<Held> acquire(String lockKey) {
        String owner = lockKey + " " + randomId();
        Instant deadline = Instant.now().plus(lease.multipliedBy(2));
        Mono<Held> attempt = Mono.defer(() -> {
            if (Instant.now().isAfter(deadline)) {
                return Mono.error(new StorageIoException(
                        "another writer of the key has held its publish lock (" + lockKey + ") for longer than "
                                + lease.multipliedBy(2).toSeconds() + " s",
                        new IllegalStateException("lock wait timed out")));
            }
            return write(lockKey, owner, "*", null)
                    .onErrorResume(S3Errors::isPreconditionFailed, busy -> takeOverIfStale(lockKey, owner));
        });
        return attempt.repeatWhenEmpty(Integer.MAX_VALUE, attempts -> attempts.concatMap(n -> Mono.delay(backoff(n))))
                .doOnNext(held -> held.renewal = Flux.interval(lease.dividedBy(3))
                        .concatMap(tick -> renew(held))
                        .subscribe());
    }

    /** Takes over a lock older than the lease; empty when it is gone (try again) or still held. */
    private Mono<Held> takeOverIfStale(String lockKey, String owner) {
        return Mono.fromFuture(() ->
                        client.headObject(request -> request.bucket(bucket).key(lockKey)))
                .flatMap(head -> {
                    if (!isStale(head)) {
                        return Mono.<Held>empty();
                    }
                    log.warn(
                            "Taking over the publish lock {}: last renewed at {}, longer ago than the lease ({})",
                            lockKey,
                            head.lastModified(),
                            lease);
                    return write(lockKey, owner, null, put.ifMatch(head.eTag()))
                            .flatMap(held ->
                                    deleteVersion(lockKey, head.versionId()).thenReturn(held))
                            .onErrorResume(S3Errors::isPreconditionFailed, lost -> Mono.empty());
                })
                .onErrorResume(S3Errors::isNotFound, gone -> Mono.empty());
    }

    private boolean isStale(HeadObjectResponse head) {
        return head.lastModified() == null || head.lastModified().plus(lease).isBefore(serverNow(head));
    }

    /** The server's clock, which also set the lock's Last-Modified; this process's clock if it sent no Date. */
    private static Instant serverNow(HeadObjectResponse head) {
        try {
            return head.sdkHttpResponse()
                    .firstMatchingHeader("Date")
                    .map(date -> ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toInstant())
                    .orElseGet(Instant::now);
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }

    private Mono<Held> write(String lockKey, String owner, @Nullable String ifNoneMatch, @Nullable String ifMatch) {
        return Mono.fromFuture(
                        () -> client.putObject(
                                request -> request.bucket(bucket)
                                        .key(lockKey)
                                        .contentType("text/plain")
                                        .ifNoneMatch(ifNoneMatch)
                                        .ifMatch(ifMatch),
                                AsyncRequestBody.fromString(owner, StandardCharsets.UTF_8)),
                        true)
                .map(response -> new Held(lockKey, owner, response));
    }

    private Mono<Void> renew(Held held) {
        if (held.lost) {
            return Mono.empty();
        }
        return Mono.fromFuture(
                        () -> client.putObject(
                                request -> request.bucket(bucket)
                                        .key(held.lockKey)
                                        .contentType("text/plain")
                                        .ifMatch(put.ifMatch(held.eTag)),
                                AsyncRequestBody.fromString(held.owner, StandardCharsets.UTF_8)),
                        true)
                .doOnNext(held::renewed)
                .onErrorResume(error -> {
                    if (S3Errors.isPreconditionFailed(error)) {
                        held.lost = true;
                        log.warn(
                                "The publish lock {} was taken over while held (held longer than the lease {})",
                                held.lockKey,
                                lease);
                    } else {
                        log.warn("Could not renew the publish lock {}: {}", held.lockKey, error.toString());
                    }
                    return Mono.empty();
                })
                .then();
    }

    /** Deletes what this holder wrote; a failure leaves a lock that goes stale after the lease, never an error. */
    private Mono<Void> release(Held held) {
        return Mono.defer(() -> {
            held.renewal.dispose();
            List<String> versions = held.versions();
            if (versions.isEmpty()) {
                // An unversioned bucket: the key is the lock, unless another writer took it over.
                return held.lost ? Mono.empty() : deleteVersion(held.lockKey, null);
            }
            // Older versions first, so that none of them becomes the current one after the newest is deleted.
            return Flux.fromIterable(versions)
                    .concatMap(version -> deleteVersion(held.lockKey, version))
                    .then();
        });
    }

    private Mono<Void> deleteVersion(String lockKey, @Nullable String versionId) {
        return Mono.fromFuture(
                        () -> client.deleteObject(
                                request -> request.bucket(bucket).key(lockKey).versionId(versionId)),
                        true)
                .then()
                .onErrorResume(error -> {
                    log.warn(
                            "Could not delete the publish lock {} (it goes stale after {}): {}",
                            lockKey,
                            lease,
                            error.toString());
                    return Mono.empty();
                });
    }

    private static Duration backoff(long attempt) {
        long millis = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(attempt, 10));
        return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    }

    /** ThreadLocalRandom, not SecureRandom (which may block on an event loop): the id only has to differ. */
    private static String randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A lock this process holds: its ETag, and the versions it wrote (none in an unversioned bucket). */
    private static final class Held {

        final String lockKey;
        final String owner;
        private final List<String> versions = new ArrayList<>();
        volatile String eTag;
        volatile boolean lost;
        volatile Disposable renewal = () -> {};

        Held(String lockKey, String owner, PutObjectResponse created) {
            this.lockKey = lockKey;
            this.owner = owner;
            this.eTag = created.eTag();
            renewed(created);
        }

        synchronized void renewed(PutObjectResponse response) {
            eTag = response.eTag();
            if (response.versionId() != null && !"null".equals(response.versionId())) {
                versions.add(response.versionId());
            }
        }

        synchronized List<String> versions() {
            return List.copyOf(versions);
        }
    }
}
