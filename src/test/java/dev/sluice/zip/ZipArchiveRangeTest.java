package dev.sluice.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** A laid-out archive: its size, any byte range on its own, and its ETag. */
class ZipArchiveRangeTest {

    private static final DefaultDataBufferFactory FACTORY = DefaultDataBufferFactory.sharedInstance;

    @Test
    void sizeIsTheNumberOfBytesProduced() {
        ZipArchive archive = ZipArchive.of(ZipFixtures.items(ZipFixtures.tree(), true, FACTORY), FACTORY);

        assertThat(ZipFixtures.collect(archive.read())).hasSize((int) archive.size());
        assertThat(archive.entryCount()).isEqualTo(ZipFixtures.tree().size());
    }

    @Test
    void everyRangeEqualsTheSameSliceOfTheWholeArchive() {
        ZipArchive archive = ZipArchive.of(ZipFixtures.items(ZipFixtures.tree(), true, FACTORY), FACTORY);
        byte[] whole = ZipFixtures.collect(archive.read());
        int size = whole.length;
        Random random = new Random(42);
        List<long[]> ranges = new ArrayList<>();
        ranges.add(new long[] {size - 1, 1}); // the last byte
        ranges.add(new long[] {0, 1});
        ranges.add(new long[] {0, size});
        ranges.add(new long[] {17, 0});
        ranges.add(new long[] {size, 0});
        ranges.add(new long[] {10, 100}); // inside the first local headers
        for (int i = 0; i < 300; i++) {
            long offset = random.nextInt(size);
            long length = random.nextInt(i % 3 == 0 ? 64 : 250_000);
            ranges.add(new long[] {offset, Math.min(length, size - offset)});
        }
        for (long[] range : ranges) {
            byte[] part = ZipFixtures.collect(archive.read(range[0], range[1]));
            assertThat(part)
                    .as("bytes %d+%d", range[0], range[1])
                    .isEqualTo(Arrays.copyOfRange(whole, (int) range[0], (int) (range[0] + range[1])));
        }
    }

    @Test
    void rangesEndingOrStartingAtEveryRecordBoundaryAreExact() {
        // one file: local header | content | central header | end record; cut at each byte near the joins
        byte[] data = ZipFixtures.random(1000, 3);
        ZipArchive archive =
                ZipArchive.of(List.of(ZipFixtures.file("a.bin", data, ZipFixtures.MTIME, true, FACTORY)), FACTORY);
        byte[] whole = ZipFixtures.collect(archive.read());
        for (int cut = 0; cut <= whole.length; cut++) {
            assertThat(ZipFixtures.collect(archive.read(0, cut))).isEqualTo(Arrays.copyOf(whole, cut));
            assertThat(ZipFixtures.collect(archive.read(cut, whole.length - cut)))
                    .isEqualTo(Arrays.copyOfRange(whole, cut, whole.length));
        }
    }

    @Test
    void aRangeReadsOnlyTheContentsItCovers() {
        AtomicInteger reads = new AtomicInteger();
        byte[] data = ZipFixtures.random(5000, 5);
        List<ZipItem> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ZipContent content = ZipFixtures.bytes(data, 1024, FACTORY);
            items.add(ZipItem.file(
                    "f" + i,
                    data.length,
                    ZipFixtures.MTIME,
                    ZipFixtures.crc(data),
                    (offset, length) -> Flux.defer(() -> {
                        reads.incrementAndGet();
                        return content.read(offset, length);
                    })));
        }
        ZipArchive archive = ZipArchive.of(items, FACTORY);
        long centralDirectory = archive.size() - (10 * (46 + 2 + 9)) - 22;

        ZipFixtures.collect(archive.read(centralDirectory, archive.size() - centralDirectory));
        assertThat(reads).as("reads for the central directory").hasValue(0);
        ZipFixtures.collect(archive.read(30 + 2 + 9 + 100, 10)); // inside the first content
        assertThat(reads).hasValue(1);
    }

    @Test
    void rangeOutsideTheArchiveIsRefused() {
        ZipArchive archive = ZipArchive.of(ZipFixtures.items(ZipFixtures.tree(), true, FACTORY), FACTORY);

        assertThatThrownBy(() -> archive.read(-1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> archive.read(archive.size(), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> archive.read(1, Long.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownCrcIsRefusedForALaidOutArchive() {
        List<ZipItem> items = ZipFixtures.items(ZipFixtures.tree(), false, FACTORY);

        assertThat(ZipArchive.canLayOut(items)).isFalse();
        assertThat(ZipArchive.canLayOut(ZipFixtures.items(ZipFixtures.tree(), true, FACTORY)))
                .isTrue();
        assertThatThrownBy(() -> ZipArchive.of(items, FACTORY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CRC-32");
    }

    @Test
    void etagIsStableAndChangesWithAnyEntry() {
        List<ZipFixtures.Sample> tree = ZipFixtures.tree();
        String etag =
                ZipArchive.of(ZipFixtures.items(tree, true, FACTORY), FACTORY).etag();

        assertThat(etag)
                .matches("[A-Za-z0-9_-]{43}")
                .isEqualTo(ZipArchive.of(ZipFixtures.items(tree, true, FACTORY), FACTORY)
                        .etag());
        byte[] data = ZipFixtures.utf8("x");
        List<ZipItem> base = List.of(ZipFixtures.file("a", data, ZipFixtures.MTIME, true, FACTORY));
        String one = ZipArchive.of(base, FACTORY).etag();
        List<List<ZipItem>> variants = List.of(
                List.of(ZipFixtures.file("b", data, ZipFixtures.MTIME, true, FACTORY)),
                List.of(ZipFixtures.file("a", data, ZipFixtures.MTIME.plusSeconds(1), true, FACTORY)),
                List.of(ZipFixtures.file("a", ZipFixtures.utf8("y"), ZipFixtures.MTIME, true, FACTORY)),
                List.of(ZipFixtures.file("a", ZipFixtures.utf8("xx"), ZipFixtures.MTIME, true, FACTORY)),
                List.of(ZipItem.folder("a/", ZipFixtures.MTIME)));
        for (List<ZipItem> variant : variants) {
            assertThat(ZipArchive.of(variant, FACTORY).etag()).isNotEqualTo(one);
        }
        // sub-second parts of the time are not written, so they do not change the bytes or the tag
        assertThat(ZipArchive.of(
                                List.of(ZipFixtures.file("a", data, ZipFixtures.MTIME.plusMillis(300), true, FACTORY)),
                                FACTORY)
                        .etag())
                .isEqualTo(one);
    }

    @Test
    void readIsLazyAndRepeatable() {
        AtomicInteger reads = new AtomicInteger();
        byte[] data = ZipFixtures.random(3000, 9);
        ZipContent content = ZipFixtures.bytes(data, 1024, FACTORY);
        ZipArchive archive = ZipArchive.of(
                List.of(ZipItem.file("a", data.length, ZipFixtures.MTIME, ZipFixtures.crc(data), (offset, length) -> {
                    reads.incrementAndGet();
                    return content.read(offset, length);
                })),
                FACTORY);
        Flux<?> read = archive.read();

        assertThat(reads).as("reads before subscribing").hasValue(0);
        StepVerifier.create(read.count()).expectNextCount(1).expectComplete().verify(ZipFixtures.TIMEOUT);
        assertThat(ZipFixtures.collect(archive.read())).hasSize((int) archive.size());
        assertThat(reads).hasValue(2);
    }
}
