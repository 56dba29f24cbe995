package dev.sluice.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The two steps of a write: staged content is invisible until published, and whatever ends a stage early (a
 * cancel, a failing body) leaves no staged content, no open resources and no unreleased buffers behind.
 */
abstract class StagingContract extends ContractCases {

    StagingContract(ObjectStoreContractTest fixture) {
        super(fixture);
    }

    @Test
    void stagedObjectIsInvisibleAndDiscardLeavesNothing() {
        byte[] bytes = randomBytes(100_000, 9);

        StagedObject staged =
                store().stage(content(bytes), new StageOptions("audio/ogg")).block(TIMEOUT);

        assertThat(staged.size()).isEqualTo(bytes.length);
        assertThat(staged.sha256()).isEqualTo(sha256Hex(bytes));
        assertThat(staged.contentType()).isEqualTo("audio/ogg");
        assertThat(store().list(new ListQuery("", false, null, 100))
                        .block(TIMEOUT)
                        .items())
                .isEmpty();
        StepVerifier.create(store().discard(staged)).expectComplete().verify(TIMEOUT);
        assertThat(stagingLeftovers()).isEmpty();
        StepVerifier.create(store().discard(staged)).expectComplete().verify(TIMEOUT); // idempotent
        assertThat(store().list(new ListQuery("", false, null, 100))
                        .block(TIMEOUT)
                        .items())
                .isEmpty();
    }

    @Test
    void stagedObjectCanBePublishedElsewhereAfterAFailedPublish() {
        write("taken", utf8("first"));
        write("file", utf8("an object, not a folder"));
        byte[] bytes = randomBytes(50_000, 10);
        StagedObject staged = store().stage(content(bytes), TEXT).block(TIMEOUT);

        StepVerifier.create(store().publish(staged, key("taken"), Precondition.ABSENT))
                .expectError(PreconditionFailedException.class)
                .verify(TIMEOUT);
        StepVerifier.create(store().publish(staged, key("file/inside"), Precondition.NONE))
                .expectError(KeyFolderConflictException.class)
                .verify(TIMEOUT);
        StepVerifier.create(store().publish(staged, key("elsewhere"), Precondition.ABSENT))
                .assertNext(result -> {
                    assertThat(result.created()).isTrue();
                    assertThat(result.info().sha256()).isEqualTo(sha256Hex(bytes));
                })
                .expectComplete()
                .verify(TIMEOUT);

        assertThat(readNow("elsewhere")).isEqualTo(bytes);
        assertThat(readNow("taken")).isEqualTo(utf8("first"));
        StepVerifier.create(store().discard(staged)).expectComplete().verify(TIMEOUT); // consumed: a no-op
        assertThat(readNow("elsewhere")).isEqualTo(bytes);
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void stageReleasesEveryBufferItIsGiven() {
        byte[] bytes = randomBytes(300_000, 11);

        StepVerifier.create(store().stage(content(bytes, 1000), TEXT).flatMap(store()::discard))
                .expectComplete()
                .verify(TIMEOUT);

        assertThat(buffers().allocatedCount()).isGreaterThanOrEqualTo(300);
        buffers().assertAllReleased(CLEANUP);
    }

    @Test
    void cancelledStageLeavesNothing() {
        long baseline = warmedUpResourceCount();
        AtomicInteger emitted = new AtomicInteger();
        Flux<DataBuffer> stalled = content(randomBytes(100_000, 12), 10_000)
                .doOnNext(buffer -> emitted.incrementAndGet())
                .concatWith(Flux.never());

        StepVerifier.create(store().stage(stalled, TEXT))
                .expectSubscription()
                .then(() -> await("the body has been sent", () -> emitted.get() == 10))
                .thenAwait(Duration.ofMillis(100))
                .thenCancel()
                .verify(TIMEOUT);

        awaitNoStagingLeftovers();
        awaitOpenResourcesAtMost(baseline);
        buffers().assertAllReleased(CLEANUP);
    }

    @Test
    void cancelledWriteLeavesNothing() {
        long baseline = warmedUpResourceCount();
        Flux<DataBuffer> stalled = content(randomBytes(100_000, 13), 10_000).concatWith(Flux.never());

        StepVerifier.create(store().write(key("never/finished.bin"), stalled, TEXT, Precondition.NONE))
                .expectSubscription()
                .thenAwait(Duration.ofMillis(300))
                .thenCancel()
                .verify(TIMEOUT);

        awaitNoStagingLeftovers();
        awaitOpenResourcesAtMost(baseline);
        buffers().assertAllReleased(CLEANUP);
        StepVerifier.create(store().stat(key("never/finished.bin")))
                .expectError(ObjectNotFoundException.class)
                .verify(TIMEOUT);
    }

    @Test
    void cancelledStageBeforeAnyContentLeavesNothing() {
        long baseline = warmedUpResourceCount();

        StepVerifier.create(store().stage(Flux.never(), TEXT))
                .expectSubscription()
                .thenAwait(Duration.ofMillis(100))
                .thenCancel()
                .verify(TIMEOUT);

        awaitNoStagingLeftovers();
        awaitOpenResourcesAtMost(baseline);
    }

    @Test
    void cancelsAtAnyMomentLeaveNothingBehind() {
        long baseline = warmedUpResourceCount();
        List<byte[]> versions = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] version = randomBytes(1000 + i, 300 + i);
            versions.add(version);
            // Cancels land before, during and after the temp file's creation, the writes, the sync and the publish.
            Disposable write = store().write(key("raced/" + (i % 5)), content(version, 300), TEXT, Precondition.NONE)
                    .subscribe();
            Disposable stage = store().stage(content(version, 300).concatWith(Flux.never()), TEXT)
                    .subscribe();
            spin(i % 60 * 30_000L);
            write.dispose();
            stage.dispose();
        }

        awaitNoStagingLeftovers();
        awaitOpenResourcesAtMost(baseline);
        buffers().assertAllReleased(CLEANUP);
        for (ObjectInfo info : store().list(new ListQuery("raced/", false, null, 10))
                .block(TIMEOUT)
                .items()) {
            byte[] stored = readNow(info.key().value());
            assertThat(versions)
                    .as("content of %s", info.key())
                    .anySatisfy(v -> assertThat(stored).isEqualTo(v));
        }
    }

    @Test
    void failingContentFailsTheStageAndLeavesNothing() {
        long baseline = warmedUpResourceCount();
        IllegalStateException failure = new IllegalStateException("the client went away");
        Flux<DataBuffer> failing = content(randomBytes(100_000, 14), 10_000).concatWith(Flux.error(failure));

        StepVerifier.create(store().stage(failing, TEXT))
                .expectErrorSatisfies(error -> assertThat(causes(error)).contains(failure))
                .verify(TIMEOUT);

        assertThat(stagingLeftovers()).isEmpty();
        awaitOpenResourcesAtMost(baseline);
        buffers().assertAllReleased(CLEANUP);
    }

    @Test
    void failingContentFailsTheWriteAndKeepsThePreviousVersion() {
        write("precious.txt", utf8("old"));
        IllegalStateException failure = new IllegalStateException("the client went away");
        Flux<DataBuffer> failing = content(randomBytes(30_000, 15), 1000).concatWith(Flux.error(failure));

        StepVerifier.create(store().write(key("precious.txt"), failing, TEXT, Precondition.NONE))
                .expectErrorSatisfies(error -> assertThat(causes(error)).contains(failure))
                .verify(TIMEOUT);

        assertThat(readNow("precious.txt")).isEqualTo(utf8("old"));
        assertThat(stagingLeftovers()).isEmpty();
        buffers().assertAllReleased(CLEANUP);
    }

    private static void spin(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    private static Stream<Throwable> causes(Throwable error) {
        return Stream.iterate(error, Objects::nonNull, Throwable::getCause);
    }
}
