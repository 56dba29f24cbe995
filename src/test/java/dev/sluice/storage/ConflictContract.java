package dev.sluice.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Writers racing for one key, and keys that would be both an object and a folder. */
abstract class ConflictContract extends ContractCases {

    private static final int WRITERS = 20;

    ConflictContract(ObjectStoreContractTest fixture) {
        super(fixture);
    }

    @Test
    void concurrentWritersLeaveExactlyOneCompleteVersion() {
        List<byte[]> versions = IntStream.range(0, WRITERS)
                .mapToObj(i -> randomBytes(40_000 + 997 * i, 100 + i))
                .toList();

        Flux<WriteResult> writers = Flux.fromIterable(versions)
                .flatMap(
                        version -> store().write(key("contended.bin"), content(version, 4096), TEXT, Precondition.NONE)
                                .subscribeOn(Schedulers.parallel()),
                        WRITERS);

        StepVerifier.create(writers.collectList())
                .assertNext(results -> {
                    assertThat(results).hasSize(WRITERS);
                    assertThat(results).filteredOn(WriteResult::created).hasSize(1);
                })
                .expectComplete()
                .verify(TIMEOUT);
        byte[] stored = readNow("contended.bin");
        assertThat(versions).anySatisfy(version -> assertThat(stored).isEqualTo(version));
        StepVerifier.create(store().stat(key("contended.bin")))
                .assertNext(info -> {
                    assertThat(info.size()).isEqualTo(stored.length);
                    assertThat(info.sha256()).isEqualTo(sha256Hex(stored));
                })
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void concurrentCreateOnlyWritersLetExactlyOneWin() {
        List<byte[]> versions = IntStream.range(0, WRITERS)
                .mapToObj(i -> randomBytes(20_000 + i, 200 + i))
                .toList();

        Flux<Optional<byte[]>> writers = Flux.fromIterable(versions)
                .flatMap(
                        version -> store().write(
                                        key("first/wins.bin"), content(version, 4096), TEXT, Precondition.ABSENT)
                                .map(result -> Optional.of(version))
                                .onErrorResume(PreconditionFailedException.class, e -> Mono.just(Optional.empty()))
                                .subscribeOn(Schedulers.parallel()),
                        WRITERS);

        StepVerifier.create(
                        writers.filter(Optional::isPresent).map(Optional::get).collectList())
                .assertNext(winners -> {
                    assertThat(winners).hasSize(1);
                    assertThat(readNow("first/wins.bin")).isEqualTo(winners.get(0));
                })
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void objectCannotTakeTheNameOfAFolder() {
        write("a/b", utf8("inside"));

        StepVerifier.create(store().write(key("a"), content(utf8("clash")), TEXT, Precondition.NONE))
                .expectError(KeyFolderConflictException.class)
                .verify(TIMEOUT);

        assertThat(readNow("a/b")).isEqualTo(utf8("inside"));
        StepVerifier.create(store().stat(key("a")))
                .expectError(ObjectNotFoundException.class)
                .verify(TIMEOUT);
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void objectCannotBeAFolderOfAnotherKey() {
        write("x", utf8("object"));

        StepVerifier.create(store().write(key("x/y"), content(utf8("clash")), TEXT, Precondition.NONE))
                .expectError(KeyFolderConflictException.class)
                .verify(TIMEOUT);
        StepVerifier.create(store().write(key("x/y/z"), content(utf8("clash")), TEXT, Precondition.NONE))
                .expectError(KeyFolderConflictException.class)
                .verify(TIMEOUT);

        assertThat(readNow("x")).isEqualTo(utf8("object"));
        StepVerifier.create(store().stat(key("x/y")))
                .expectError(ObjectNotFoundException.class)
                .verify(TIMEOUT);
        StepVerifier.create(store().open(key("x/y")))
                .expectError(ObjectNotFoundException.class)
                .verify(TIMEOUT);
        StepVerifier.create(store().delete(key("x/y"), Precondition.NONE))
                .expectError(ObjectNotFoundException.class)
                .verify(TIMEOUT);
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void aFolderIsAConflictUntilItIsDeleted() {
        write("a/b/c", utf8("deep"));
        delete("a/b/c");

        // Deleting the last file keeps its folder: folders are real, and a key cannot be both.
        StepVerifier.create(store().write(key("a"), content(utf8("clash")), TEXT, Precondition.ABSENT))
                .expectError(KeyFolderConflictException.class)
                .verify(TIMEOUT);
        store().deleteFolder(key("a"), true).block(TIMEOUT);

        StepVerifier.create(store().write(key("a"), content(utf8("now an object")), TEXT, Precondition.ABSENT))
                .assertNext(result -> assertThat(result.created()).isTrue())
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(readNow("a")).isEqualTo(utf8("now an object"));

        delete("a");
        StepVerifier.create(store().write(key("a/b"), content(utf8("a folder again")), TEXT, Precondition.NONE))
                .expectNextCount(1)
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void folderWithAnotherObjectLeftIsStillAConflict() {
        write("shared/one", utf8("1"));
        write("shared/two", utf8("2"));
        delete("shared/one");

        StepVerifier.create(store().write(key("shared"), content(utf8("clash")), TEXT, Precondition.NONE))
                .expectError(KeyFolderConflictException.class)
                .verify(TIMEOUT);
        assertThat(readNow("shared/two")).isEqualTo(utf8("2"));
    }
}
