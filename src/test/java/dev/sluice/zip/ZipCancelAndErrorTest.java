package dev.sluice.zip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.TrackingDataBufferFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Cancels, failing sources and sources that changed: every buffer handed out (headers and contents, counted by a
 * tracking factory) is released, the source being read is cancelled, and a changed source fails the archive.
 */
class ZipCancelAndErrorTest {

    private final TrackingDataBufferFactory factory = new TrackingDataBufferFactory();

    /** Both writers over the same items: the laid-out archive and the stream with data descriptors. */
    private final List<Function<List<ZipItem>, Flux<DataBuffer>>> writers = List.of(
            items -> ZipArchive.of(items, factory).read(),
            items -> ZipStream.write(Flux.fromIterable(withoutCrcs(items)), factory));

    @Test
    void cancelInTheMiddleOfAContentReleasesEveryBufferAndCancelsTheSource() {
        for (Function<List<ZipItem>, Flux<DataBuffer>> writer : writers) {
            AtomicBoolean cancelled = new AtomicBoolean();
            byte[] data = ZipFixtures.random(1 << 20, 1);
            ZipContent slow = (offset, length) -> ZipFixtures.bytes(data, 4096, factory)
                    .read(offset, length)
                    .publishOn(Schedulers.parallel(), 4) // buffers queued on another thread when the cancel comes
                    .doOnCancel(() -> cancelled.set(true));
            List<ZipItem> items = List.of(
                    ZipItem.folder("d/", ZipFixtures.MTIME),
                    ZipItem.file("d/big.bin", data.length, ZipFixtures.MTIME, ZipFixtures.crc(data), slow),
                    ZipFixtures.file("d/after.txt", ZipFixtures.utf8("after"), ZipFixtures.MTIME, true, factory));

            StepVerifier.create(writer.apply(items).doOnNext(DataBufferUtils::release), 0)
                    .thenRequest(20)
                    .expectNextCount(20)
                    .thenCancel()
                    .verify(ZipFixtures.TIMEOUT);

            assertThat(cancelled).as("source cancelled").isTrue();
            factory.assertAllReleased(Duration.ofSeconds(5));
        }
    }

    @Test
    void cancelsAtRandomPointsLeakNothing() {
        byte[] data = ZipFixtures.random(64 * 1024, 2);
        List<ZipItem> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ZipContent content = ZipFixtures.bytes(data, 1000, factory);
            items.add(ZipItem.file(
                    "f" + i,
                    data.length,
                    ZipFixtures.MTIME,
                    ZipFixtures.crc(data),
                    (offset, length) -> content.read(offset, length).publishOn(Schedulers.boundedElastic(), 2)));
        }
        for (Function<List<ZipItem>, Flux<DataBuffer>> writer : writers) {
            Long buffers = writer.apply(items)
                    .doOnNext(DataBufferUtils::release)
                    .count()
                    .block(ZipFixtures.TIMEOUT);
            assertThat(buffers).isGreaterThan(1300);
            for (int take = 0; take < buffers; take += 97) {
                StepVerifier.create(
                                writer.apply(items)
                                        .doOnNext(DataBufferUtils::release)
                                        .take(take),
                                16)
                        .thenRequest(Long.MAX_VALUE)
                        .expectNextCount(take)
                        .expectComplete()
                        .verify(ZipFixtures.TIMEOUT);
            }
        }
        factory.assertAllReleased(Duration.ofSeconds(5));
    }

    @Test
    void failingSourceFailsTheArchiveAndLeaksNothing() {
        for (Function<List<ZipItem>, Flux<DataBuffer>> writer : writers) {
            byte[] data = ZipFixtures.random(50_000, 3);
            ZipContent failing = (offset, length) -> ZipFixtures.bytes(data, 4096, factory)
                    .read(offset, length)
                    .take(5)
                    .concatWith(Flux.error(new IllegalStateException("disk gone")));
            List<ZipItem> items = List.of(
                    ZipFixtures.file("a.txt", ZipFixtures.utf8("a"), ZipFixtures.MTIME, true, factory),
                    ZipItem.file("b.bin", data.length, ZipFixtures.MTIME, ZipFixtures.crc(data), failing));

            StepVerifier.create(writer.apply(items).doOnNext(DataBufferUtils::release))
                    .thenConsumeWhile(buffer -> true)
                    .expectErrorMessage("disk gone")
                    .verify(ZipFixtures.TIMEOUT);
            factory.assertAllReleased(Duration.ofSeconds(5));
        }
    }

    @Test
    void sourceShorterThanItsSizeFailsTheArchive() {
        byte[] data = ZipFixtures.random(10_000, 4);
        ZipContent shorter =
                (offset, length) -> ZipFixtures.bytes(data, 4096, factory).read(offset, length - 1);
        for (Function<List<ZipItem>, Flux<DataBuffer>> writer : writers) {
            assertChangedFileFails(
                    writer.apply(List.of(
                            ZipItem.file("short.bin", data.length, ZipFixtures.MTIME, ZipFixtures.crc(data), shorter))),
                    "gave 9999 of the 10000 bytes");
        }
    }

    @Test
    void sourceLongerThanItsSizeFailsAtTheFirstExtraByte() {
        byte[] data = ZipFixtures.random(10_000, 5);
        AtomicBoolean cancelled = new AtomicBoolean();
        ZipContent longer = (offset, length) -> ZipFixtures.bytes(data, 4096, factory)
                .read(offset, length)
                .concatWith(ZipFixtures.bytes(data, 4096, factory).read(0, data.length))
                .doOnCancel(() -> cancelled.set(true));
        for (Function<List<ZipItem>, Flux<DataBuffer>> writer : writers) {
            cancelled.set(false);
            assertChangedFileFails(
                    writer.apply(List.of(
                            ZipItem.file("long.bin", data.length, ZipFixtures.MTIME, ZipFixtures.crc(data), longer))),
                    "more than the 10000 bytes");
            assertThat(cancelled).as("the rest of the source is cancelled").isTrue();
        }
    }

    @Test
    void contentWithAnotherCrcThanPromisedFailsTheArchive() {
        byte[] data = ZipFixtures.random(10_000, 6);
        byte[] changed = data.clone();
        changed[5000] ^= 1;
        ZipItem item = ZipItem.file(
                "changed.bin",
                data.length,
                ZipFixtures.MTIME,
                ZipFixtures.crc(data),
                ZipFixtures.bytes(changed, 4096, factory));

        assertChangedFileFails(ZipArchive.of(List.of(item), factory).read(), "CRC-32");
        assertChangedFileFails(ZipStream.write(Flux.just(item), factory), "CRC-32");
    }

    @Test
    void failingListingFailsTheStreamAndLeaksNothing() {
        Flux<ZipItem> listing = Flux.concat(
                Flux.just(ZipFixtures.file("a.txt", ZipFixtures.utf8("a"), ZipFixtures.MTIME, false, factory)),
                Flux.error(new IllegalStateException("listing failed")));

        StepVerifier.create(ZipStream.write(listing, factory).doOnNext(DataBufferUtils::release))
                .thenConsumeWhile(buffer -> true)
                .expectErrorMessage("listing failed")
                .verify(ZipFixtures.TIMEOUT);
        factory.assertAllReleased(Duration.ofSeconds(5));
    }

    private void assertChangedFileFails(Flux<DataBuffer> archive, String message) {
        StepVerifier.create(archive.doOnNext(DataBufferUtils::release))
                .thenConsumeWhile(buffer -> true)
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(ZipContentException.class)
                        .hasMessageContaining(message)
                        .hasMessageContaining("changed"))
                .verify(ZipFixtures.TIMEOUT);
        factory.assertAllReleased(Duration.ofSeconds(5));
    }

    private static List<ZipItem> withoutCrcs(List<ZipItem> items) {
        return items.stream()
                .map(item -> item.isFolder()
                        ? item
                        : ZipItem.file(item.name(), item.size(), item.lastModified(), null, item.content()))
                .toList();
    }
}
