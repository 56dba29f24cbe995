package dev.sluice.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.ReadOptions;
import dev.sluice.storage.StageOptions;
import dev.sluice.storage.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The whole local-store contract again with the small-object cache on (objects up to 512 KiB, so the contract's
 * objects are cached), plus the cache's own promises: never stale after an overwrite or delete, never a mix of two
 * versions under concurrent overwrites, never stale after another program changed the file, and bounded by bytes.
 */
class CachedLocalObjectStoreTest extends LocalObjectStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long CACHE_SIZE = 4 * 1024 * 1024;
    private static final long MAX_OBJECT_SIZE = 512 * 1024;

    @Override
    protected LocalObjectStore open(Path directory) {
        return LocalObjectStore.open(
                new LocalObjectStore.Options(directory, null, true, true, true, CACHE_SIZE, MAX_OBJECT_SIZE),
                io,
                Schedulers.boundedElastic(),
                buffers,
                FormatUpgrade.trailerConversion(false));
    }

    private LocalObjectStore cachedStore() {
        return (LocalObjectStore) store();
    }

    @Test
    void aReadSmallObjectIsServedFromMemory() {
        put("hot.txt", bytes('h', 4096));
        assertThat(cached("hot.txt")).isNull();
        assertThat(read("hot.txt")).isEqualTo(bytes('h', 4096));
        StoredObject cached = cached("hot.txt");
        assertThat(cached).isNotNull();
        assertThat(cached.info().size()).isEqualTo(4096);
        assertThat(content(cached)).isEqualTo(bytes('h', 4096));
    }

    @Test
    void aSmallObjectIsServedFromMemoryEvenWhereAFileTransferWasAllowed() {
        put("file.txt", bytes('f', 100));
        StoredObject opened = cachedStore()
                .open(key("file.txt"), ReadOptions.FILE_TRANSFER_ALLOWED)
                .block(TIMEOUT);
        assertThat(opened.fileChannel()).isNull();
        opened.close();
        assertThat(cached("file.txt")).isNotNull();
    }

    @Test
    void aChangeInPlaceByAnotherProgramIsSeenAtTheNextRead() throws IOException {
        put("edited.txt", bytes('a', 1000));
        assertThat(read("edited.txt")).isEqualTo(bytes('a', 1000));
        assertThat(cached("edited.txt")).isNotNull();
        Path file = cachedStore().rootDirectory().resolve("edited.txt");
        Files.write(file, bytes('b', 1000), StandardOpenOption.WRITE); // same inode, same size, new mtime

        assertThat(read("edited.txt")).isEqualTo(bytes('b', 1000));
        ObjectInfo info = cachedStore().stat(key("edited.txt")).block(TIMEOUT);
        assertThat(info.sha256()).isIn(null, sha256(bytes('b', 1000)));
        assertThat(info.etag()).isNotEqualTo("\"" + sha256(bytes('a', 1000)) + "\"");
    }

    @Test
    void anOverwriteIsSeenAtOnce() {
        put("doc.txt", bytes('a', 1000));
        assertThat(read("doc.txt")).isEqualTo(bytes('a', 1000));
        assertThat(cached("doc.txt")).isNotNull();

        put("doc.txt", bytes('b', 2000));

        assertThat(cached("doc.txt")).isNull();
        assertThat(read("doc.txt")).isEqualTo(bytes('b', 2000));
        assertThat(cachedStore().stat(key("doc.txt")).block(TIMEOUT).size()).isEqualTo(2000);
    }

    @Test
    void aDeleteIsSeenAtOnce() {
        put("gone.txt", bytes('g', 10));
        assertThat(read("gone.txt")).isEqualTo(bytes('g', 10));
        assertThat(cachedStore().stat(key("gone.txt")).block(TIMEOUT)).isNotNull();

        cachedStore().delete(key("gone.txt"), Precondition.NONE).block(TIMEOUT);

        assertThat(cached("gone.txt")).isNull();
        StepVerifier.create(cachedStore().open(key("gone.txt")))
                .expectError(ObjectNotFoundException.class)
                .verify(TIMEOUT);
        StepVerifier.create(cachedStore().stat(key("gone.txt")))
                .expectError(ObjectNotFoundException.class)
                .verify(TIMEOUT);
    }

    @Test
    void largerObjectsAreNotCached() {
        put("big.bin", bytes('x', (int) MAX_OBJECT_SIZE + 1));
        assertThat(read("big.bin")).hasSize((int) MAX_OBJECT_SIZE + 1);
        assertThat(cached("big.bin")).isNull();
    }

    @Test
    void theCacheHoldsAtMostItsSizeInBytes() {
        int objects = 40;
        for (int i = 0; i < objects; i++) {
            put("many/" + i + ".bin", bytes((char) ('a' + i % 26), 256 * 1024));
            assertThat(read("many/" + i + ".bin")).hasSize(256 * 1024);
        }
        int cached = 0;
        for (int i = 0; i < objects; i++) {
            if (cached("many/" + i + ".bin") != null) {
                cached++;
            }
        }
        // 4 MiB hold at most 15 objects of 256 KiB plus the per-entry overhead; at least some are kept.
        assertThat(cached).isBetween(1, (int) (CACHE_SIZE / (256 * 1024)) - 1);
    }

    @Test
    void concurrentOverwritesAndReadsNeverMixVersions() {
        // Two versions of different lengths and bytes; every read must be exactly one of them, with its own metadata.
        byte[] first = bytes('1', 3000);
        byte[] second = bytes('2', 5000);
        put("race.bin", first);
        AtomicInteger reads = new AtomicInteger();
        Flux<Void> writers = Flux.range(0, 200)
                .concatMap(i -> Mono.fromRunnable(() -> put("race.bin", i % 2 == 0 ? second : first))
                        .subscribeOn(Schedulers.boundedElastic()))
                .thenMany(Flux.empty());
        Flux<Void> readers = Flux.range(0, 4)
                .flatMap(reader -> Flux.range(0, 400)
                        .concatMap(i -> cachedStore()
                                .open(key("race.bin"))
                                .flatMap(object -> {
                                    StoredObject cached = cached("race.bin");
                                    Mono<byte[]> fromCache = cached == null
                                            ? Mono.empty()
                                            : bytesOf(cached)
                                                    .doOnNext(bytes ->
                                                            assertOneVersion(cached.info(), bytes, first, second));
                                    return bytesOf(object)
                                            .doOnNext(bytes -> assertOneVersion(object.info(), bytes, first, second))
                                            .doFinally(signal -> object.close())
                                            .then(fromCache);
                                })
                                .doOnTerminate(reads::incrementAndGet))
                        .then());
        StepVerifier.create(Flux.merge(writers, readers)).expectComplete().verify(Duration.ofSeconds(120));
        assertThat(reads).hasValue(1600);
        // After the last write the store shows the last version, whether or not it is cached.
        assertThat(read("race.bin")).isEqualTo(first);
    }

    private static void assertOneVersion(ObjectInfo info, byte[] content, byte[] first, byte[] second) {
        assertThat(content)
                .satisfiesAnyOf(
                        c -> assertThat(c).isEqualTo(first), c -> assertThat(c).isEqualTo(second));
        assertThat(info.size()).isEqualTo(content.length);
        assertThat(info.sha256()).isEqualTo(sha256(content));
    }

    private StoredObject cached(String key) {
        try {
            return cachedStore().cached(key(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void put(String key, byte[] content) {
        cachedStore()
                .stage(Flux.just(buffers.wrap(content.clone())), new StageOptions("application/octet-stream"))
                .flatMap(staged -> cachedStore().publish(staged, key(key), Precondition.NONE))
                .block(TIMEOUT);
    }

    private byte[] read(String key) {
        StoredObject object = cachedStore().open(key(key)).block(TIMEOUT);
        try {
            return content(object);
        } finally {
            object.close();
        }
    }

    private static byte[] content(StoredObject object) {
        return bytesOf(object).block(TIMEOUT);
    }

    private static Mono<byte[]> bytesOf(StoredObject object) {
        return DataBufferUtils.join(object.read(0, object.info().size()))
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0]);
    }

    private static ObjectKey key(String value) {
        return ObjectKey.of(value);
    }

    private static byte[] bytes(char value, int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
