package dev.sluice.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.storage.InvalidKeyException;
import dev.sluice.storage.ListQuery;
import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.ObjectStoreContractTest;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.ResumableData;
import dev.sluice.storage.StageOptions;
import dev.sluice.storage.StagedObject;
import dev.sluice.storage.StorageException;
import dev.sluice.storage.WriteResult;
import dev.sluice.testing.TrackingDataBufferFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The contract against the local backend, plus what only a directory on disk can get wrong. */
class LocalObjectStoreTest extends ObjectStoreContractTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final StageOptions TEXT = new StageOptions("text/plain");

    protected Path temp;
    protected Path root;
    protected ExecutorService io;
    protected TrackingDataBufferFactory buffers;
    protected LocalObjectStore store;

    @BeforeEach
    void openStore(@TempDir Path temp) {
        this.temp = temp;
        this.root = temp.resolve("store");
        this.io = LocalObjectStore.fileIoExecutor(4);
        this.buffers = new TrackingDataBufferFactory();
        this.store = open(root);
    }

    @AfterEach
    void closeStore() throws IOException, InterruptedException {
        try {
            store.close();
        } finally {
            // Not shutdownNow: a read that a slice's end overtook is still queued, and only its completion handler
            // releases its buffer.
            io.shutdown();
            assertThat(io.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
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

    @Override
    protected long openResourceCount() {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected List<String> stagingLeftovers() {
        return fileNames(store.stagingDirectory());
    }

    @Test
    void secondStoreOnTheSameRootIsRefusedAndDisturbsNothing() {
        StagedObject pending = store.stage(content("in progress"), TEXT).block(TIMEOUT);

        assertThatThrownBy(() -> open(root))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in use");

        StepVerifier.create(store.publish(pending, ObjectKey.of("survived.txt"), Precondition.ABSENT))
                .expectNextCount(1)
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void anExistingFolderOfFilesIsServedAsItIsWithoutTouchingIt() throws IOException {
        Path home = Files.createDirectories(temp.resolve("home"));
        Files.createDirectories(home.resolve("docs"));
        Files.writeString(home.resolve("notes.txt"), "mine");
        Files.writeString(home.resolve("docs/report.csv"), "a,b\n1,2\n");
        Map<String, Long> before = snapshot(home);
        before.keySet().removeIf(name -> name.startsWith(" ")); // the root's own mtime changes with .sluice/

        LocalObjectStore served = open(home);
        try {
            StepVerifier.create(served.list(new ListQuery("", false, null, 10)))
                    .assertNext(page -> assertThat(page.items())
                            .extracting(info -> info.key().value())
                            .containsExactly("docs/report.csv", "notes.txt"))
                    .expectComplete()
                    .verify(TIMEOUT);
            StepVerifier.create(served.stat(ObjectKey.of("docs/report.csv")))
                    .assertNext(info -> {
                        assertThat(info.size()).isEqualTo(8);
                        assertThat(info.contentType()).isEqualTo("text/csv");
                        assertThat(info.etag()).startsWith("\"v-");
                    })
                    .expectComplete()
                    .verify(TIMEOUT);
        } finally {
            served.close();
        }
        Map<String, Long> after = snapshot(home);
        after.keySet().removeIf(name -> name.startsWith(".sluice") || name.startsWith(" "));
        assertThat(after).isEqualTo(before);
        assertThat(Files.readString(home.resolve("notes.txt"))).isEqualTo("mine");
    }

    @Test
    void reopeningKeepsObjectsAndRemovesOrphanedStagingFiles() throws IOException {
        store.write(ObjectKey.of("kept/a.txt"), content("kept"), TEXT, Precondition.NONE)
                .block(TIMEOUT);
        store.close();
        Path tmp = root.resolve(".sluice/tmp");
        assertThat(tmp).isEqualTo(store.stagingDirectory());
        Files.writeString(tmp.resolve("crashed-1.upload"), "half an upload");
        Files.writeString(tmp.resolve("crashed-2.upload"), "another");

        store = open(root);

        assertThat(stagingLeftovers()).isEmpty();
        StepVerifier.create(store.stat(ObjectKey.of("kept/a.txt")))
                .assertNext(info -> assertThat(info.size()).isEqualTo(4))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void theStateFolderIsPrivateAndSoAreSluicesOwnRecords() throws IOException {
        store.write(ObjectKey.reserved("secret"), content("key material"), TEXT, Precondition.ABSENT)
                .block(TIMEOUT);
        store.write(ObjectKey.of("public.txt"), content("x"), TEXT, Precondition.ABSENT)
                .block(TIMEOUT);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(".sluice"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(".sluice/secret"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(root.resolve(".sluice/format"))).isEqualTo("sluice-local-store 2\n");
        // Objects get the process's umask, like any file it creates.
        assertThat(Files.getPosixFilePermissions(root.resolve("public.txt")))
                .contains(java.nio.file.attribute.PosixFilePermission.OWNER_READ);
    }

    @Test
    void aStoreInTheTrailerFormatIsConvertedInPlaceAtOpenAndServedWithItsDigests() throws Exception {
        Path old = temp.resolve("old");
        TrailerFormatStore before = TrailerFormatStore.awkward(old);

        try (LocalObjectStore converted = open(old)) {
            for (var object : before.objects.entrySet()) {
                ObjectInfo info = converted.stat(ObjectKey.of(object.getKey())).block(TIMEOUT);
                assertThat(Files.readAllBytes(old.resolve(object.getKey())))
                        .isEqualTo(object.getValue().content());
                assertThat(info.size()).isEqualTo(object.getValue().content().length);
                assertThat(info.contentType()).isEqualTo(object.getValue().contentType());
                assertThat(info.sha256())
                        .isEqualTo(HexFormat.of().formatHex(object.getValue().sha256()));
            }
            for (var stray : before.strays.entrySet()) {
                assertThat(Files.readAllBytes(old.resolve(stray.getKey())))
                        .isEqualTo(stray.getValue().bytes());
            }
        }
        assertThat(Files.readString(old.resolve(".sluice/format"))).isEqualTo("sluice-local-store 2\n");
    }

    @Test
    void aTrailerFormatStoreIsConvertedAlsoWhenTheStateFolderIsElsewhere() throws Exception {
        Path old = temp.resolve("old-elsewhere");
        TrailerFormatStore before = TrailerFormatStore.awkward(old);
        Path state = temp.resolve("state-elsewhere");

        try (LocalObjectStore converted = LocalObjectStore.open(
                new LocalObjectStore.Options(old, state, false, true, true, 0, 0),
                io,
                Schedulers.boundedElastic(),
                buffers,
                FormatUpgrade.trailerConversion(false))) {
            for (var object : before.objects.entrySet()) {
                ObjectInfo info = converted.stat(ObjectKey.of(object.getKey())).block(TIMEOUT);
                assertThat(Files.readAllBytes(old.resolve(object.getKey())))
                        .isEqualTo(object.getValue().content());
                assertThat(info.sha256())
                        .isEqualTo(HexFormat.of().formatHex(object.getValue().sha256()));
            }
        }
        assertThat(Files.readString(state.resolve("format"))).isEqualTo("sluice-local-store 2\n");
    }

    @Test
    void objectFileHoldsExactlyTheContentAndItsDigestIsWhatSha256sumSays() throws Exception {
        byte[] bytes = "exact content, nothing else".getBytes(StandardCharsets.UTF_8);
        WriteResult written = store.write(
                        ObjectKey.of("dir/file.txt"), Flux.just(buffers.wrap(bytes)), TEXT, Precondition.NONE)
                .block(TIMEOUT);

        Path file = root.resolve("dir/file.txt");
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        assertThat(written.info().sha256()).isEqualTo(sha256sum(file));
        CRC32 crc = new CRC32();
        crc.update(bytes);
        assertThat(written.info().crc32()).isEqualTo(crc.getValue());
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void fileNotWrittenBySluiceIsAnObjectWhoseDigestsAreComputedInTheBackground() throws Exception {
        Files.writeString(root.resolve("foreign.txt"), "copied in by rsync");

        ObjectInfo first = store.stat(ObjectKey.of("foreign.txt")).block(TIMEOUT);
        assertThat(first.contentType()).isEqualTo("text/plain");
        assertThat(first.size()).isEqualTo(18);
        assertThat(first.etag()).startsWith("\"v-");

        ObjectInfo hashed = awaitDigest("foreign.txt");
        assertThat(hashed.sha256()).isEqualTo(sha256sum(root.resolve("foreign.txt")));
        assertThat(hashed.crc32()).isNotNull();
        assertThat(hashed.etag()).isEqualTo("\"" + hashed.sha256() + "\"");
        StepVerifier.create(store.list(new ListQuery("", false, null, 10)))
                .assertNext(page -> assertThat(page.items())
                        .singleElement()
                        .satisfies(item -> assertThat(item.sha256()).isEqualTo(hashed.sha256())))
                .expectComplete()
                .verify(TIMEOUT);

        // Changed in place (the attribute stays on the file): the old digest must not describe the new bytes.
        Files.writeString(root.resolve("foreign.txt"), "changed in place, longer");
        ObjectInfo changed = store.stat(ObjectKey.of("foreign.txt")).block(TIMEOUT);
        assertThat(changed.size()).isEqualTo(24);
        assertThat(changed.sha256()).isIn(null, sha256sum(root.resolve("foreign.txt")));
        assertThat(changed.etag()).isNotEqualTo(hashed.etag());
        assertThat(awaitDigest("foreign.txt").sha256()).isEqualTo(sha256sum(root.resolve("foreign.txt")));
    }

    @Test
    void symbolicLinksOutOfTheRootAreNeverFollowed() throws IOException {
        // A valid object file outside, so that only the path check can keep it out.
        store.write(ObjectKey.of("real.bin"), content("secret object"), TEXT, Precondition.NONE)
                .block(TIMEOUT);
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.copy(root.resolve("real.bin"), outside.resolve("secret.bin"));
        Files.createDirectories(outside.resolve("empty-folder"));
        Files.createSymbolicLink(root.resolve("link"), outside);
        Files.createSymbolicLink(root.resolve("alias.bin"), outside.resolve("secret.bin"));
        Map<String, Long> before = snapshot(outside);

        for (String key : List.of("link/secret.bin", "alias.bin")) {
            StepVerifier.create(store.stat(ObjectKey.of(key)))
                    .expectErrorMatches(this::refusal)
                    .verify(TIMEOUT);
            StepVerifier.create(store.open(ObjectKey.of(key)))
                    .expectErrorMatches(this::refusal)
                    .verify(TIMEOUT);
            StepVerifier.create(store.delete(ObjectKey.of(key), Precondition.NONE))
                    .expectErrorMatches(this::refusal)
                    .verify(TIMEOUT);
        }
        for (String key :
                List.of("link/new.txt", "link/sub/new.txt", "link/empty-folder", "link/secret.bin", "alias.bin")) {
            StepVerifier.create(store.write(ObjectKey.of(key), content("intruder"), TEXT, Precondition.NONE))
                    .expectError(StorageException.class)
                    .verify(TIMEOUT);
        }
        StepVerifier.create(store.list(new ListQuery("", false, null, 100)))
                .assertNext(page -> assertThat(page.items())
                        .extracting(info -> info.key().value())
                        .containsExactly("real.bin"))
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(store.list(new ListQuery("link/", false, null, 100))
                        .onErrorResume(InvalidKeyException.class, e -> Mono.empty()))
                .thenConsumeWhile(page -> page.items().isEmpty())
                .expectComplete()
                .verify(TIMEOUT);

        assertThat(snapshot(outside)).isEqualTo(before);
        assertThat(stagingLeftovers()).isEmpty();
    }

    /** Stats the key until the background hasher has recorded its digest. */
    protected ObjectInfo awaitDigest(String key) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            ObjectInfo info = store.stat(ObjectKey.of(key)).block(TIMEOUT);
            if (info.sha256() != null) {
                return info;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no digest for " + key + " within " + TIMEOUT);
    }

    protected static String sha256sum(Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sha256sum", file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();
        return output.substring(0, 64);
    }

    private boolean refusal(Throwable error) {
        return error instanceof InvalidKeyException || error instanceof ObjectNotFoundException;
    }

    /** Opens the store under test at {@code directory}; subclasses vary its options. */
    protected LocalObjectStore open(Path directory) {
        return LocalObjectStore.open(directory, io, Schedulers.boundedElastic(), buffers, true);
    }

    private Flux<DataBuffer> content(String text) {
        return Flux.just(text).map(value -> buffers.wrap(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Every path under {@code directory} with its size and modification time, to see that nothing changed. */
    protected static Map<String, Long> snapshot(Path directory) throws IOException {
        Map<String, Long> entries = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.toList()) {
                entries.put(directory.relativize(path) + " size", Files.size(path));
                entries.put(
                        directory.relativize(path) + " mtime",
                        Files.getLastModifiedTime(path).toMillis());
            }
        }
        return entries;
    }

    private static List<String> fileNames(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
