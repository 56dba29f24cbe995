package dev.sluice.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.storage.ListQuery;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.ObjectStoreContractTest;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.ResumableData;
import dev.sluice.storage.StageOptions;
import dev.sluice.storage.StagedObject;
import dev.sluice.storage.StoredObject;
import dev.sluice.testing.TrackingDataBufferFactory;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The contract against s3proxy (in this JVM, on 127.0.0.1, with a transient blob store), plus what only S3 can get
 * wrong: multipart uploads left open, parts of a large body, and the memory budget of part buffers.
 */
class S3ObjectStoreTest extends ObjectStoreContractTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int PART_SIZE = 5 * 1024 * 1024;
    private static final StageOptions BINARY = new StageOptions("application/octet-stream");
    private static final String KEY_PREFIX = "tenant/";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private static S3Proxy proxy;
    private static URI endpoint;
    private static S3AsyncClient client;
    /** What s3proxy honours, probed once: the stores below take the publish path production takes on it. */
    private static ConditionalWrites writes;

    private String bucket;
    private TrackingDataBufferFactory buffers;
    private S3ObjectStore store;

    @BeforeAll
    static void startS3() throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "access", "secret")
                .build();
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        client = S3StorageConfiguration.client(settings("unused"));
        String scratch = newBucket(false);
        writes = new ConditionalWriteProbe(client, scratch, scratch, "").run();
    }

    @AfterAll
    static void stopS3() throws Exception {
        client.close();
        proxy.stop();
    }

    /**
     * Each test gets a new bucket with versioning on, so that open objects keep their version as the contract
     * wants; {@link #openObjectFailsRatherThanMixVersionsWithoutBucketVersioning} covers unversioned buckets.
     */
    @BeforeEach
    void openStore() {
        bucket = newBucket(true);
        buffers = new TrackingDataBufferFactory();
        store = newStore(16);
    }

    @Override
    protected ResumableData resumableData() {
        return store.resumableData();
    }

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected TrackingDataBufferFactory bufferFactory() {
        return buffers;
    }

    /** An open S3 object holds no connection between reads; a read holds one while its body streams. */
    @Override
    protected long openResourceCount() {
        return store.openStreams();
    }

    @Override
    protected List<String> stagingLeftovers() {
        List<String> staged = client
                .listObjectsV2(request -> request.bucket(bucket).prefix(store.stagingPrefix()))
                .join()
                .contents()
                .stream()
                .map(object -> "object " + object.key())
                .toList();
        List<String> uploads = client.listMultipartUploads(request -> request.bucket(bucket)).join().uploads().stream()
                .map(upload -> "multipart upload " + upload.key())
                .toList();
        return Stream.concat(staged.stream(), uploads.stream()).toList();
    }

    @Test
    void bodyOfSeveralPartsRoundTripsByteForByte() {
        byte[] bytes = randomBytes(12 * 1024 * 1024, 21);

        StepVerifier.create(store.write(
                        ObjectKey.of("big/twelve.bin"), content(bytes, 64 * 1024), BINARY, Precondition.NONE))
                .assertNext(result -> {
                    assertThat(result.info().size()).isEqualTo(bytes.length);
                    assertThat(result.info().sha256()).isEqualTo(sha256Hex(bytes));
                })
                .expectComplete()
                .verify(TIMEOUT);

        assertThat(read("big/twelve.bin")).isEqualTo(bytes);
        StoredObject object = store.open(ObjectKey.of("big/twelve.bin")).block(TIMEOUT);
        try {
            int from = PART_SIZE - 10; // across the first part boundary
            assertThat(bytesOf(object.read(from, 20)).block(TIMEOUT))
                    .isEqualTo(Arrays.copyOfRange(bytes, from, from + 20));
        } finally {
            object.close();
        }
        assertThat(stagingLeftovers()).isEmpty();
        assertThat(store.partBuffersInUse()).isZero();
    }

    @Test
    void cancelledMultipartStageLeavesNoUploadOpenAndNoStagingObject() {
        AtomicInteger emitted = new AtomicInteger();
        int chunk = 256 * 1024;
        // 7 MiB sent: the first part has gone out as part of an open multipart upload, the second is half full.
        Flux<DataBuffer> stalled = content(randomBytes(7 * 1024 * 1024, 22), chunk)
                .doOnNext(buffer -> emitted.incrementAndGet())
                .concatWith(Flux.never());

        StepVerifier.create(store.stage(stalled, BINARY))
                .expectSubscription()
                .then(() -> awaitTrue(() -> emitted.get() == 28))
                .then(() -> awaitTrue(() -> !multipartUploads().isEmpty()))
                .thenCancel()
                .verify(TIMEOUT);

        awaitTrue(() -> stagingLeftovers().isEmpty());
        assertThat(multipartUploads()).isEmpty();
        assertThat(client.listObjectsV2(request -> request.bucket(bucket))
                        .join()
                        .contents())
                .isEmpty();
        awaitTrue(() -> store.partBuffersInUse() == 0);
        buffers.assertAllReleased(Duration.ofSeconds(2));
    }

    @Test
    void partBufferBudgetIsSharedByAllUploads() {
        S3ObjectStore small = newStore(4);
        int uploads = 20;
        byte[] bytes = randomBytes(PART_SIZE + 300 * 1024, 23); // two parts each
        Flux<StagedObject> staged = Flux.range(0, uploads)
                .flatMap(
                        i -> small.stage(content(bytes, 256 * 1024).delayElements(Duration.ofMillis(2)), BINARY),
                        uploads);

        StepVerifier.create(staged.collectList())
                .assertNext(all -> {
                    assertThat(all).hasSize(uploads);
                    assertThat(all).allSatisfy(one -> {
                        assertThat(one.size()).isEqualTo(bytes.length);
                        assertThat(one.sha256()).isEqualTo(sha256Hex(bytes));
                    });
                    all.forEach(one -> small.discard(one).block(TIMEOUT));
                })
                .expectComplete()
                .verify(Duration.ofSeconds(120));

        assertThat(small.peakPartBuffersInUse()).isEqualTo(4);
        assertThat(small.partBuffersInUse()).isZero();
        assertThat(stagingLeftovers()).isEmpty();
    }

    /**
     * Without bucket versioning S3 cannot keep an open object's version readable (the contract's
     * {@code openObjectKeepsItsVersionAfter...} cases): the If-Match on every ranged GET makes a read after an
     * overwrite or a delete fail instead of returning the new version's bytes under the old metadata.
     */
    @Test
    void openObjectFailsRatherThanMixVersionsWithoutBucketVersioning() {
        bucket = newBucket(false);
        store = newStore(16);
        byte[] old = randomBytes(100_000, 24);
        store.write(ObjectKey.of("v.bin"), content(old, 8192), BINARY, Precondition.NONE)
                .block(TIMEOUT);
        StoredObject object = store.open(ObjectKey.of("v.bin")).block(TIMEOUT);
        try {
            assertThat(bytesOf(object.read(0, 100)).block(TIMEOUT)).isEqualTo(Arrays.copyOf(old, 100));
            store.write(ObjectKey.of("v.bin"), content(randomBytes(100_000, 25), 8192), BINARY, Precondition.NONE)
                    .block(TIMEOUT);
            StepVerifier.create(bytesOf(object.read(0, 100_000)))
                    .expectError(dev.sluice.storage.ObjectChangedException.class)
                    .verify(TIMEOUT);
            store.delete(ObjectKey.of("v.bin"), Precondition.NONE).block(TIMEOUT);
            StepVerifier.create(bytesOf(object.read(0, 10)))
                    .expectError(dev.sluice.storage.ObjectChangedException.class)
                    .verify(TIMEOUT);
        } finally {
            object.close();
        }
    }

    /** Keys not in NFC form, or with a backslash; s3proxy's file-backed store refuses {@code a//b} and {@code ..}. */
    @Test
    void objectsPutByOtherToolsUnderInvalidKeysAreNotListed() {
        store.write(ObjectKey.of("ok.txt"), content("fine".getBytes(), 4), BINARY, Precondition.NONE)
                .block(TIMEOUT);
        for (String foreign : List.of("cafe\u0301.txt", "back\\slash.txt")) {
            client.putObject(
                            request -> request.bucket(bucket).key(KEY_PREFIX + foreign),
                            AsyncRequestBody.fromString("foreign"))
                    .join();
        }

        StepVerifier.create(store.list(new ListQuery("", false, null, 10)))
                .assertNext(page -> {
                    assertThat(page.items())
                            .extracting(item -> item.key().value())
                            .containsExactly("ok.txt");
                    assertThat(page.last()).isNull();
                })
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void startUpCheckNamesTheEndpointAndTheMissingBucket() {
        assertThatThrownBy(
                        () -> S3StorageConfiguration.checkBucket(client, settings("no-such-bucket"), "no-such-bucket"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-bucket")
                .hasMessageContaining(endpoint.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void storageTypeS3WiresTheStoreAndAMissingBucketFailsStartUp() {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withUserConfiguration(PropertiesConfiguration.class, S3StorageConfiguration.class)
                .withPropertyValues(
                        "sluice.storage.type=s3",
                        "sluice.storage.s3.endpoint=" + endpoint,
                        "sluice.storage.s3.access-key=access",
                        "sluice.storage.s3.secret-key=secret",
                        "sluice.storage.s3.part-size=5MB",
                        "sluice.storage.s3.key-prefix=" + KEY_PREFIX);

        runner.withPropertyValues("sluice.storage.s3.bucket=" + bucket).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(S3ObjectStore.class);
            ObjectStore wired = context.getBean(S3ObjectStore.class);
            wired.write(ObjectKey.of("wired.txt"), content("via Spring".getBytes(), 4), BINARY, Precondition.NONE)
                    .block(TIMEOUT);
            assertThat(read("wired.txt")).isEqualTo("via Spring".getBytes());
        });
        runner.withPropertyValues("sluice.storage.s3.bucket=absent-bucket")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .hasStackTraceContaining("S3 storage is not usable: bucket 'absent-bucket' at " + endpoint
                                + ": it does not exist"));
        new ApplicationContextRunner()
                .withUserConfiguration(PropertiesConfiguration.class, S3StorageConfiguration.class)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(S3ObjectStore.class));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(S3Properties.class)
    static class PropertiesConfiguration {}

    @Test
    void partSizeBelowFiveMegabytesIsRefused() {
        S3Properties tooSmall = new S3Properties(
                endpoint,
                "us-east-1",
                "b",
                "a",
                "s",
                true,
                DataSize.ofMegabytes(4),
                4,
                "",
                DataSize.ofGigabytes(5),
                DataSize.ofMegabytes(512),
                4,
                Duration.ofSeconds(30),
                null,
                10_000,
                8);
        assertThat(tooSmall.isPartSizeValid()).isFalse();
        assertThat(settings("b").isPartSizeValid()).isTrue();
    }

    /**
     * The path of objects over 5 GiB, taken by a small one: with the copy threshold lowered to 6 MiB a 12 MiB object
     * is published by UploadPartCopy of three 5 MiB ranges (two at a time), and reads back byte for byte.
     */
    @Test
    void objectsAboveTheCopyThresholdArePublishedWithAMultipartCopy() {
        S3ObjectStore store = newStore(16, new S3ObjectStore.CopySettings(6L << 20, PART_SIZE, 2));
        byte[] bytes = randomBytes(12 * 1024 * 1024, 26);
        store.write(ObjectKey.of("copied/twelve.bin"), content(bytes, 256 * 1024), BINARY, Precondition.NONE)
                .block(TIMEOUT);

        assertThat(read("copied/twelve.bin")).isEqualTo(bytes);
        assertThat(store.stat(ObjectKey.of("copied/twelve.bin")).block(TIMEOUT).sha256())
                .isEqualTo(sha256Hex(bytes));
        // A multipart object's S3 ETag ends in the number of its parts: proof that the copy went by parts.
        assertThat(client.headObject(request -> request.bucket(bucket).key(KEY_PREFIX + "copied/twelve.bin"))
                        .join()
                        .eTag())
                .endsWith("-3\"");
        // Overwrite through the same path: the condition (If-Match) goes on CompleteMultipartUpload.
        byte[] second = randomBytes(7 * 1024 * 1024, 27);
        store.write(ObjectKey.of("copied/twelve.bin"), content(second, 256 * 1024), BINARY, Precondition.NONE)
                .block(TIMEOUT);
        assertThat(read("copied/twelve.bin")).isEqualTo(second);
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void aMultipartCopyThatFailsIsAbortedAndPublishesNothing() {
        S3ObjectStore store = newStore(16, new S3ObjectStore.CopySettings(6L << 20, PART_SIZE, 2));
        byte[] bytes = randomBytes(12 * 1024 * 1024, 28);
        S3StagedObject staged =
                (S3StagedObject) store.stage(content(bytes, 256 * 1024), BINARY).block(TIMEOUT);
        // The staged content vanishes (as if removed by a lifecycle rule): every part copy fails.
        client.deleteObject(request ->
                        request.bucket(bucket).key(staged.stagingKey()).versionId(staged.versionId()))
                .join();

        StepVerifier.create(store.publish(staged, ObjectKey.of("lost.bin"), Precondition.NONE))
                .expectError()
                .verify(TIMEOUT);

        awaitTrue(() -> multipartUploads().isEmpty());
        assertThat(client.listObjectsV2(request -> request.bucket(bucket))
                        .join()
                        .contents())
                .isEmpty();
    }

    @Test
    void copyPartsGrowWhenAnObjectWouldNeedMoreThanTenThousand() {
        assertThat(S3MultipartCopy.partSizeFor(6L << 30, 512L << 20)).isEqualTo(512L << 20);
        long fiveTebibytes = 5L << 40;
        long part = S3MultipartCopy.partSizeFor(fiveTebibytes, 512L << 20);
        assertThat((fiveTebibytes + part - 1) / part).isLessThanOrEqualTo(S3MultipartCopy.MAX_PARTS);
    }

    private static String newBucket(boolean versioned) {
        String name = "sluice-" + BUCKETS.incrementAndGet();
        client.createBucket(request -> request.bucket(name)).join();
        if (versioned) {
            client.putBucketVersioning(request -> request.bucket(name)
                            .versioningConfiguration(config -> config.status(BucketVersioningStatus.ENABLED)))
                    .join();
        }
        S3StorageConfiguration.checkBucket(client, settings(name), name);
        return name;
    }

    private S3ObjectStore newStore(int partBuffers) {
        return newStore(partBuffers, S3ObjectStore.CopySettings.DEFAULT);
    }

    private S3ObjectStore newStore(int partBuffers, S3ObjectStore.CopySettings copy) {
        return new S3ObjectStore(
                client,
                bucket,
                KEY_PREFIX,
                PART_SIZE,
                partBuffers,
                copy,
                writes,
                S3ObjectStore.DEFAULT_LEASE,
                bucket,
                S3Folders.FolderSettings.DEFAULT,
                buffers);
    }

    private List<String> multipartUploads() {
        return client.listMultipartUploads(request -> request.bucket(bucket)).join().uploads().stream()
                .map(upload -> upload.key())
                .toList();
    }

    private static S3Properties settings(String bucket) {
        return new S3Properties(
                endpoint,
                "us-east-1",
                bucket,
                "access",
                "secret",
                true,
                DataSize.ofBytes(PART_SIZE),
                16,
                KEY_PREFIX,
                DataSize.ofGigabytes(5),
                DataSize.ofMegabytes(512),
                4,
                Duration.ofSeconds(30),
                null,
                10_000,
                8);
    }

    private Flux<DataBuffer> content(byte[] bytes, int chunk) {
        List<byte[]> chunks = new ArrayList<>();
        for (int from = 0; from < bytes.length; from += chunk) {
            chunks.add(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + chunk)));
        }
        return Flux.fromIterable(chunks).map(buffers::wrap);
    }

    private byte[] read(String key) {
        return Mono.usingWhen(
                        store.open(ObjectKey.of(key)),
                        object -> bytesOf(object.read(0, object.info().size())),
                        object -> Mono.fromRunnable(object::close))
                .block(TIMEOUT);
    }

    private static Mono<byte[]> bytesOf(Flux<DataBuffer> content) {
        return content.collect(ByteArrayOutputStream::new, (out, buffer) -> {
                    try {
                        byte[] chunk = new byte[buffer.readableByteCount()];
                        buffer.read(chunk);
                        out.writeBytes(chunk);
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .map(ByteArrayOutputStream::toByteArray);
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
