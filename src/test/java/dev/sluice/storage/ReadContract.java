package dev.sluice.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Slices of an open object, the version an open object keeps, and what cancelled reads must give back. */
abstract class ReadContract extends ContractCases {

    private static final int SIZE = 300_000;

    ReadContract(ObjectStoreContractTest fixture) {
        super(fixture);
    }

    @Test
    void slicesOfOneOpenObjectReadTheirBytes() {
        byte[] bytes = randomBytes(SIZE, 2);
        write("slices.bin", bytes);
        StoredObject object = store().open(key("slices.bin")).block(TIMEOUT);
        try {
            assertSlice(object, bytes, 0, 10);
            assertSlice(object, bytes, 100_000, 150_000);
            assertSlice(object, bytes, SIZE - 7, 7);
            assertSlice(object, bytes, 0, SIZE);
            assertSlice(object, bytes, 65_535, 2); // across a likely buffer boundary
            assertSlice(object, bytes, 100_000, 150_000); // the same slice twice
            StepVerifier.create(object.read(500, 0)).expectComplete().verify(TIMEOUT);
            StepVerifier.create(object.read(SIZE, 0)).expectComplete().verify(TIMEOUT);
        } finally {
            object.close();
        }
    }

    @Test
    void slicesReadConcurrentlyFromOneOpenObject() {
        byte[] bytes = randomBytes(SIZE, 3);
        write("parallel.bin", bytes);
        StoredObject object = store().open(key("parallel.bin")).block(TIMEOUT);
        try {
            StepVerifier.create(Mono.zip(bytesOf(object.read(0, 1000)), bytesOf(object.read(1000, SIZE - 1000))))
                    .assertNext(both -> {
                        assertThat(both.getT1()).isEqualTo(Arrays.copyOfRange(bytes, 0, 1000));
                        assertThat(both.getT2()).isEqualTo(Arrays.copyOfRange(bytes, 1000, SIZE));
                    })
                    .expectComplete()
                    .verify(TIMEOUT);
        } finally {
            object.close();
        }
    }

    @Test
    void sliceOutsideTheObjectIsAnError() {
        write("short.txt", utf8("0123456789"));
        StoredObject object = store().open(key("short.txt")).block(TIMEOUT);
        try {
            StepVerifier.create(object.read(5, 6))
                    .expectError(IllegalArgumentException.class)
                    .verify(TIMEOUT);
            StepVerifier.create(object.read(11, 0))
                    .expectError(IllegalArgumentException.class)
                    .verify(TIMEOUT);
            StepVerifier.create(object.read(-1, 2))
                    .expectError(IllegalArgumentException.class)
                    .verify(TIMEOUT);
            StepVerifier.create(object.read(0, -1))
                    .expectError(IllegalArgumentException.class)
                    .verify(TIMEOUT);
            assertSlice(object, utf8("0123456789"), 5, 5); // still usable after the errors
        } finally {
            object.close();
        }
    }

    @Test
    void openObjectKeepsItsVersionAfterAnOverwrite() {
        byte[] old = randomBytes(SIZE, 4);
        byte[] replacement = randomBytes(1000, 5);
        ObjectInfo oldInfo = write("versioned.bin", old).info();
        StoredObject object = store().open(key("versioned.bin")).block(TIMEOUT);
        try {
            assertSlice(object, old, 0, 100); // reading started before the overwrite
            write("versioned.bin", replacement, new StageOptions("image/png"));

            assertThat(object.info()).isEqualTo(oldInfo);
            assertSlice(object, old, 0, SIZE);
            assertSlice(object, old, SIZE - 10, 10);
            assertThat(readNow("versioned.bin")).isEqualTo(replacement);
        } finally {
            object.close();
        }
    }

    @Test
    void openObjectKeepsItsVersionAfterADelete() {
        byte[] bytes = randomBytes(10_000, 6);
        write("doomed.bin", bytes);
        StoredObject object = store().open(key("doomed.bin")).block(TIMEOUT);
        try {
            delete("doomed.bin");
            assertSlice(object, bytes, 0, bytes.length);
        } finally {
            object.close();
        }
    }

    @Test
    void cancelledReadsReleaseTheirBuffersAndLeakNothingOnceClosed() {
        byte[] bytes = randomBytes(2_000_000, 7);
        write("large.bin", bytes);
        long baseline = warmedUpResourceCount();

        for (int i = 0; i < 5; i++) {
            StoredObject object = store().open(key("large.bin")).block(TIMEOUT);
            StepVerifier.create(object.read(0, bytes.length).take(1))
                    .consumeNextWith(DataBufferUtils::release)
                    .expectComplete()
                    .verify(TIMEOUT);
            StepVerifier.create(object.read(1000, bytes.length - 1000), 2)
                    .consumeNextWith(DataBufferUtils::release)
                    .consumeNextWith(DataBufferUtils::release)
                    .thenCancel()
                    .verify(TIMEOUT);
            object.close();
        }
        awaitOpenResourcesAtMost(baseline);
        buffers().assertAllReleased(CLEANUP);
    }

    @Test
    void readCancelledByClosingItsSubscriberLeaksNothing() {
        byte[] bytes = randomBytes(2_000_000, 8);
        write("abandoned.bin", bytes);
        long baseline = warmedUpResourceCount();

        StepVerifier.create(
                        Flux.usingWhen(
                                store().open(key("abandoned.bin")),
                                object -> object.read(0, bytes.length),
                                object -> Mono.fromRunnable(object::close)),
                        1)
                .consumeNextWith(DataBufferUtils::release)
                .thenCancel()
                .verify(TIMEOUT);

        awaitOpenResourcesAtMost(baseline);
        buffers().assertAllReleased(CLEANUP);
    }

    @Test
    void closedObjectsGiveBackTheirResources() {
        write("many-opens.txt", utf8("x"));
        long baseline = warmedUpResourceCount();
        for (int i = 0; i < 20; i++) {
            assertThat(readNow("many-opens.txt")).isEqualTo(utf8("x"));
        }
        awaitOpenResourcesAtMost(baseline);
    }

    private static void assertSlice(StoredObject object, byte[] bytes, int offset, int length) {
        StepVerifier.create(bytesOf(object.read(offset, length)))
                .assertNext(read -> assertThat(read).isEqualTo(Arrays.copyOfRange(bytes, offset, offset + length)))
                .expectComplete()
                .verify(TIMEOUT);
    }
}
