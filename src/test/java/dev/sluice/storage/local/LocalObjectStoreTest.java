package dev.sluice.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.storage.InvalidKeyException;
import dev.sluice.storage.ListQuery;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.ObjectStoreContractTest;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.StageOptions;
import dev.sluice.storage.StagedObject;
import dev.sluice.storage.StorageException;
import dev.sluice.testing.TrackingDataBufferFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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

    private Path temp;
    private Path root;
    protected ExecutorService io;
    protected TrackingDataBufferFactory buffers;
    private LocalObjectStore store;

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
        return fileNames(store.rootDirectory().resolve(".sluice/tmp"));
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
    void nonEmptyDirectoryThatIsNotAStoreIsRefused() throws IOException {
        Path foreign = Files.createDirectories(temp.resolve("home"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");

        assertThatThrownBy(() -> open(foreign))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not empty");

        assertThat(fileNames(foreign)).containsExactly("notes.txt");
        assertThat(Files.readString(foreign.resolve("notes.txt"))).isEqualTo("mine");
    }

    @Test
    void reopeningKeepsObjectsAndRemovesOrphanedStagingFiles() throws IOException {
        store.write(ObjectKey.of("kept/a.txt"), content("kept"), TEXT, Precondition.NONE).block(TIMEOUT);
        store.close();
        Path tmp = root.resolve(".sluice/tmp");
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
    void objectFileHoldsTheExactContentThenA512ByteTrailer() throws IOException {
        byte[] bytes = "exact content, nothing else".getBytes(StandardCharsets.UTF_8);
        store.write(ObjectKey.of("dir/file.txt"), Flux.just(buffers.wrap(bytes)), TEXT, Precondition.NONE)
                .block(TIMEOUT);

        byte[] file = Files.readAllBytes(root.resolve("dir/file.txt"));

        assertThat(file).hasSize(bytes.length + 512);
        assertThat(Arrays.copyOf(file, bytes.length)).isEqualTo(bytes);
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void fileNotWrittenBySluiceIsNotAnObject() throws IOException {
        Files.writeString(root.resolve("foreign.txt"), "no trailer here");

        StepVerifier.create(store.stat(ObjectKey.of("foreign.txt")))
                .expectError(ObjectNotFoundException.class)
                .verify(TIMEOUT);
        StepVerifier.create(store.open(ObjectKey.of("foreign.txt")))
                .expectError(ObjectNotFoundException.class)
                .verify(TIMEOUT);
        StepVerifier.create(store.list(new ListQuery("", false, null, 10)))
                .assertNext(page -> assertThat(page.items()).isEmpty())
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void symbolicLinksOutOfTheRootAreNeverFollowed() throws IOException {
        // A valid object file outside, so that only the path check can keep it out.
        store.write(ObjectKey.of("real.bin"), content("secret object"), TEXT, Precondition.NONE).block(TIMEOUT);
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.copy(root.resolve("real.bin"), outside.resolve("secret.bin"));
        Files.createDirectories(outside.resolve("empty-folder"));
        Files.createSymbolicLink(root.resolve("link"), outside);
        Files.createSymbolicLink(root.resolve("alias.bin"), outside.resolve("secret.bin"));
        Map<String, Long> before = snapshot(outside);

        for (String key : List.of("link/secret.bin", "alias.bin")) {
            StepVerifier.create(store.stat(ObjectKey.of(key))).expectErrorMatches(this::refusal).verify(TIMEOUT);
            StepVerifier.create(store.open(ObjectKey.of(key))).expectErrorMatches(this::refusal).verify(TIMEOUT);
            StepVerifier.create(store.delete(ObjectKey.of(key), Precondition.NONE))
                    .expectErrorMatches(this::refusal)
                    .verify(TIMEOUT);
        }
        for (String key : List.of("link/new.txt", "link/sub/new.txt", "link/empty-folder", "link/secret.bin",
                "alias.bin")) {
            StepVerifier.create(store.write(ObjectKey.of(key), content("intruder"), TEXT, Precondition.NONE))
                    .expectError(StorageException.class)
                    .verify(TIMEOUT);
        }
        StepVerifier.create(store.list(new ListQuery("", false, null, 100)))
                .assertNext(page -> assertThat(page.items()).extracting(info -> info.key().value())
                        .containsExactly("real.bin"))
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(store.list(new ListQuery("link/", false, null, 100)).onErrorResume(
                        InvalidKeyException.class, e -> Mono.empty()))
                .thenConsumeWhile(page -> page.items().isEmpty())
                .expectComplete()
                .verify(TIMEOUT);

        assertThat(snapshot(outside)).isEqualTo(before);
        assertThat(stagingLeftovers()).isEmpty();
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
    private static Map<String, Long> snapshot(Path directory) throws IOException {
        Map<String, Long> entries = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.toList()) {
                entries.put(directory.relativize(path) + " size", Files.size(path));
                entries.put(directory.relativize(path) + " mtime", Files.getLastModifiedTime(path).toMillis());
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
