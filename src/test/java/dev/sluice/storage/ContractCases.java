package dev.sluice.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.TrackingDataBufferFactory;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the contract cases share: the backend's hooks, and helpers that write, read and wait. Setup helpers block
 * (on the test thread, never on an event loop); what a case is about is checked with {@code StepVerifier}.
 */
abstract class ContractCases {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long asynchronous cleanup (after a cancel, a close) may take before it counts as a leak. */
    // Cleanup after cancels is asynchronous (on S3: aborts and deletes in flight); a loaded 2-core CI needs slack.
    static final Duration CLEANUP = Duration.ofSeconds(10);

    static final StageOptions TEXT = new StageOptions("text/plain");
    static final int CHUNK = 8 * 1024;

    private final ObjectStoreContractTest fixture;

    ContractCases(ObjectStoreContractTest fixture) {
        this.fixture = fixture;
    }

    ObjectStore store() {
        return fixture.store();
    }

    TrackingDataBufferFactory buffers() {
        return fixture.bufferFactory();
    }

    long openResourceCount() {
        return fixture.openResourceCount();
    }

    List<String> stagingLeftovers() {
        return fixture.stagingLeftovers();
    }

    static ObjectKey key(String value) {
        return ObjectKey.of(value);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code bytes} as buffers of at most {@code chunk} bytes, allocated from the tracking factory on demand. */
    Flux<DataBuffer> content(byte[] bytes, int chunk) {
        List<byte[]> chunks = new ArrayList<>();
        for (int from = 0; from < bytes.length; from += chunk) {
            chunks.add(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + chunk)));
        }
        return Flux.fromIterable(chunks).map(buffers()::wrap);
    }

    Flux<DataBuffer> content(byte[] bytes) {
        return content(bytes, CHUNK);
    }

    WriteResult write(String key, byte[] bytes) {
        return write(key, bytes, TEXT);
    }

    WriteResult write(String key, byte[] bytes, StageOptions options) {
        return store().write(key(key), content(bytes), options, Precondition.NONE)
                .block(TIMEOUT);
    }

    void delete(String key) {
        store().delete(key(key), Precondition.NONE).block(TIMEOUT);
    }

    /** Copies the emitted bytes out and releases each buffer, as the owner of read buffers must. */
    static Mono<byte[]> bytesOf(Flux<DataBuffer> buffers) {
        return buffers.collect(ByteArrayOutputStream::new, (out, buffer) -> {
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

    /** Opens, reads everything, closes. */
    Mono<byte[]> readObject(String key) {
        return Mono.usingWhen(
                store().open(key(key)),
                object -> bytesOf(object.read(0, object.info().size())),
                object -> Mono.fromRunnable(object::close));
    }

    byte[] readNow(String key) {
        return readObject(key).block(TIMEOUT);
    }

    /** Waits for {@code condition}, for cleanup that completes asynchronously; fails after {@link #CLEANUP}. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + CLEANUP.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    void awaitNoStagingLeftovers() {
        await("nothing is left in staging", () -> stagingLeftovers().isEmpty());
        assertThat(stagingLeftovers()).isEmpty();
    }

    /**
     * The open-resource count after one full write and read, so that lazily opened resources (a class path jar, a
     * client's connection pool) are not mistaken for leaks of the operation under test.
     */
    long warmedUpResourceCount() {
        write("warm-up", utf8("warm-up"));
        readNow("warm-up");
        delete("warm-up");
        return openResourceCount();
    }

    void awaitOpenResourcesAtMost(long baseline) {
        await("open resources fall back to " + baseline, () -> openResourceCount() <= baseline);
    }
}
