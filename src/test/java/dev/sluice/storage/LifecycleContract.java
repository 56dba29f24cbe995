package dev.sluice.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Write, stat, read back, overwrite, delete, gone; and preconditions on writes and deletes. */
abstract class LifecycleContract extends ContractCases {

    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    LifecycleContract(ObjectStoreContractTest fixture) {
        super(fixture);
    }

    @Test
    void writtenObjectReadsBackWithItsMetadata() {
        byte[] bytes = randomBytes(200_001, 1);
        ObjectKey key = key("docs/report 2026;v=1,final+.pdf");
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        StepVerifier.create(store().write(
                                key, content(bytes, 7_777), new StageOptions("application/pdf"), Precondition.NONE))
                .assertNext(result -> {
                    assertThat(result.created()).isTrue();
                    assertThat(result.info().key()).isEqualTo(key);
                    assertThat(result.info().size()).isEqualTo(bytes.length);
                    assertThat(result.info().sha256()).isEqualTo(sha256Hex(bytes));
                    assertThat(result.info().contentType()).isEqualTo("application/pdf");
                    assertThat(result.info().etag()).isEqualTo("\"" + sha256Hex(bytes) + "\"");
                    assertThat(result.info().lastModified().getNano()).isZero();
                    assertThat(result.info().lastModified()).isBetween(before, Instant.now());
                })
                .expectComplete()
                .verify(TIMEOUT);

        ObjectInfo written = store().stat(key).block(TIMEOUT);
        assertThat(written.size()).isEqualTo(bytes.length);
        assertThat(written.sha256()).isEqualTo(sha256Hex(bytes));
        assertThat(written.contentType()).isEqualTo("application/pdf");
        assertThat(written.lastModified().getNano()).isZero();
        StepVerifier.create(store().open(key))
                .assertNext(object -> {
                    assertThat(object.info()).isEqualTo(written);
                    object.close();
                    object.close(); // idempotent
                })
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(readObject(key.value()))
                .assertNext(read -> assertThat(read).isEqualTo(bytes))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void emptyObjectRoundTrips() {
        StepVerifier.create(store().write(key("empty"), content(new byte[0]), TEXT, Precondition.NONE))
                .assertNext(result -> {
                    assertThat(result.info().size()).isZero();
                    assertThat(result.info().sha256()).isEqualTo(EMPTY_SHA256);
                })
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(readObject("empty"))
                .assertNext(read -> assertThat(read).isEmpty())
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void overwriteReplacesContentAndMetadataTogether() {
        write("notes.txt", utf8("first version"), new StageOptions("text/plain"));
        byte[] second = utf8("{\"second\":true}");

        StepVerifier.create(store().write(
                                key("notes.txt"),
                                content(second),
                                new StageOptions("application/json"),
                                Precondition.NONE))
                .assertNext(result -> {
                    assertThat(result.created()).isFalse();
                    assertThat(result.info().sha256()).isEqualTo(sha256Hex(second));
                })
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(store().stat(key("notes.txt")))
                .assertNext(info -> {
                    assertThat(info.size()).isEqualTo(second.length);
                    assertThat(info.sha256()).isEqualTo(sha256Hex(second));
                    assertThat(info.contentType()).isEqualTo("application/json");
                })
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(readNow("notes.txt")).isEqualTo(second);
    }

    @Test
    void deletedObjectIsGone() {
        write("dir/gone.txt", utf8("bye"));

        StepVerifier.create(store().delete(key("dir/gone.txt"), Precondition.NONE))
                .expectComplete()
                .verify(TIMEOUT);

        StepVerifier.create(store().stat(key("dir/gone.txt")))
                .expectError(ObjectNotFoundException.class)
                .verify(TIMEOUT);
        StepVerifier.create(store().open(key("dir/gone.txt")))
                .expectError(ObjectNotFoundException.class)
                .verify(TIMEOUT);
        StepVerifier.create(store().delete(key("dir/gone.txt"), Precondition.NONE))
                .expectError(ObjectNotFoundException.class)
                .verify(TIMEOUT);
    }

    @Test
    void missingKeyIsNotFoundAndNothingIsCreated() {
        StepVerifier.create(store().stat(key("never/written")))
                .expectError(ObjectNotFoundException.class)
                .verify(TIMEOUT);
        StepVerifier.create(store().open(key("never/written")))
                .expectError(ObjectNotFoundException.class)
                .verify(TIMEOUT);
        StepVerifier.create(store().delete(key("never/written"), Precondition.NONE))
                .expectError(ObjectNotFoundException.class)
                .verify(TIMEOUT);
        StepVerifier.create(store().list(new ListQuery("", true, null, 10)))
                .assertNext(page -> {
                    assertThat(page.items()).isEmpty();
                    assertThat(page.prefixes()).isEmpty();
                })
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void absentPreconditionRefusesAnExistingKeyAndChangesNothing() {
        WriteResult original = write("taken.txt", utf8("original"));

        StepVerifier.create(store().write(
                                key("taken.txt"),
                                content(utf8("intruder")),
                                new StageOptions("x/y"),
                                Precondition.ABSENT))
                .expectError(PreconditionFailedException.class)
                .verify(TIMEOUT);

        assertThat(store().stat(key("taken.txt")).block(TIMEOUT)).isEqualTo(original.info());
        assertThat(readNow("taken.txt")).isEqualTo(utf8("original"));
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void absentPreconditionCreatesAMissingKey() {
        StepVerifier.create(store().write(key("fresh.txt"), content(utf8("new")), TEXT, Precondition.ABSENT))
                .assertNext(result -> assertThat(result.created()).isTrue())
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void preconditionSeesTheCurrentObject() {
        List<@Nullable ObjectInfo> seen = new ArrayList<>();
        Precondition recording = current -> {
            seen.add(current);
            return true;
        };
        store().write(key("watched"), content(utf8("one")), TEXT, recording).block(TIMEOUT);
        ObjectInfo first = store().stat(key("watched")).block(TIMEOUT);
        store().write(key("watched"), content(utf8("two")), TEXT, recording).block(TIMEOUT);

        assertThat(seen).containsExactly(null, first);

        Precondition ifMatchFirst = current -> current != null && first.sha256().equals(current.sha256());
        StepVerifier.create(store().write(key("watched"), content(utf8("three")), TEXT, ifMatchFirst))
                .expectError(PreconditionFailedException.class)
                .verify(TIMEOUT);
        assertThat(readNow("watched")).isEqualTo(utf8("two"));
    }

    @Test
    void deleteWithFailingPreconditionKeepsTheObject() {
        WriteResult kept = write("kept.txt", utf8("still here"));

        StepVerifier.create(store().delete(key("kept.txt"), current -> false))
                .expectError(PreconditionFailedException.class)
                .verify(TIMEOUT);

        assertThat(store().stat(key("kept.txt")).block(TIMEOUT)).isEqualTo(kept.info());
        assertThat(readNow("kept.txt")).isEqualTo(utf8("still here"));
        Precondition sameVersion = current -> current != null && kept.info().equals(current);
        StepVerifier.create(store().delete(key("kept.txt"), sameVersion))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void noOperationBlocksTheThreadThatSubscribes() {
        // BlockHound, installed in every test JVM, fails any blocking call on a parallel-scheduler thread, as it
        // would on an event loop.
        byte[] bytes = randomBytes(100_000, 17);
        StepVerifier.create(onParallel(store().write(key("nb/a.bin"), content(bytes), TEXT, Precondition.NONE)))
                .expectNextCount(1)
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(onParallel(store().stat(key("nb/a.bin"))))
                .expectNextCount(1)
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(onParallel(store().list(new ListQuery("nb/", false, null, 10))))
                .expectNextCount(1)
                .expectComplete()
                .verify(TIMEOUT);
        StoredObject object = onParallel(store().open(key("nb/a.bin"))).block(TIMEOUT);
        StepVerifier.create(onParallel(bytesOf(object.read(10, 50_000))))
                .expectNextCount(1)
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(onParallel(Mono.fromRunnable(object::close)))
                .expectComplete()
                .verify(TIMEOUT);
        StagedObject staged = onParallel(store().stage(content(bytes), TEXT)).block(TIMEOUT);
        StepVerifier.create(onParallel(store().publish(staged, key("nb/b.bin"), Precondition.ABSENT)))
                .expectNextCount(1)
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(onParallel(store().discard(staged)))
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(onParallel(store().delete(key("nb/a.bin"), Precondition.NONE)))
                .expectComplete()
                .verify(TIMEOUT);
    }

    private static <T> Mono<T> onParallel(Mono<T> mono) {
        return mono.subscribeOn(Schedulers.parallel());
    }
}
