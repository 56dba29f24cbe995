package dev.sluice.zip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;

/**
 * A file over 4 GiB between small entries, so that its sizes, the offsets after it and the central directory's
 * offset all need ZIP64. Its content is zeros from a generator (one shared 1 MiB array, nothing held or stored);
 * the archive goes into a sparse temp file (runs of zeros are skipped, not written), which the readers then read.
 * unzip tests the small entries only (its CRC pass over 4 GiB costs about 23 s of CPU); 7-Zip tests them all.
 */
class ZipLargeEntryTest {

    private static final DefaultDataBufferFactory FACTORY = DefaultDataBufferFactory.sharedInstance;
    private static final long BIG = (4L << 30) + 4097;
    private static final byte[] ZEROS = new byte[1 << 20];
    private static final ByteBuffer ZERO_BUFFER = ByteBuffer.wrap(ZEROS).asReadOnlyBuffer();
    private static final byte[] BEFORE = ZipFixtures.utf8("before the big one");
    private static final byte[] AFTER = ZipFixtures.utf8("after the big one, past 4 GiB: é");
    private static final List<String> NAMES = List.of("before.txt", "big/", "big/zeros.bin", "after.txt", "after/");

    private static long zerosCrc;

    @TempDir
    Path dir;

    @BeforeAll
    static void crcOfTheBigFile() {
        CRC32 crc = new CRC32();
        for (long left = BIG; left > 0; left -= ZEROS.length) {
            crc.update(ZEROS, 0, (int) Math.min(ZEROS.length, left));
        }
        zerosCrc = crc.getValue();
    }

    @Test
    void laidOutArchiveWithAFileOverFourGibibytes() throws IOException {
        ZipArchive archive = ZipArchive.of(items(true), FACTORY);
        Path file = dir.resolve("big.zip");

        assertThat(writeSparse(archive.read(), file)).isEqualTo(archive.size());
        assertThat(Files.size(file)).isEqualTo(archive.size());
        checkWithEveryReader(file);
        checkRanges(archive, file);
    }

    @Test
    void streamedArchiveWithAFileOverFourGibibytesAndItsDataDescriptor() throws IOException {
        Path file = dir.resolve("big-streamed.zip");

        assertThat(writeSparse(ZipStream.write(Flux.fromIterable(items(false)), FACTORY), file))
                .isEqualTo(ZipStream.size(items(false)));
        checkWithEveryReader(file);
        // libarchive's streaming reader walks the local headers: the ZIP64 field there says that the data descriptor
        // after 4 GiB of content has 8-byte sizes (run for this archive only: it costs about 5 s of CPU)
        assertThat(ZipTools.bsdtarListStream(out -> copy(file, out))).isEqualTo(NAMES);
    }

    private static List<ZipItem> items(boolean crcKnown) {
        return List.of(
                ZipFixtures.file("before.txt", BEFORE, ZipFixtures.MTIME, crcKnown, FACTORY),
                ZipItem.folder("big/", ZipFixtures.MTIME),
                ZipItem.file(
                        "big/zeros.bin", BIG, ZipFixtures.MTIME, crcKnown ? zerosCrc : null, ZipLargeEntryTest::zeros),
                ZipFixtures.file("after.txt", AFTER, ZipFixtures.MTIME, crcKnown, FACTORY),
                ZipItem.folder("after/", ZipFixtures.MTIME));
    }

    private static Flux<DataBuffer> zeros(long offset, long length) {
        return Flux.generate(() -> length, (left, sink) -> {
            if (left == 0) {
                sink.complete();
                return 0L;
            }
            int n = (int) Math.min(ZEROS.length, left);
            sink.next(FACTORY.wrap(ByteBuffer.wrap(ZEROS, 0, n)));
            return left - n;
        });
    }

    private void checkWithEveryReader(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<? extends ZipEntry> entries = Collections.list(zip.entries());
            assertThat(entries).extracting(ZipEntry::getName).isEqualTo(NAMES);
            assertThat(entries.get(2).getSize()).isEqualTo(BIG);
            assertThat(entries.get(2).getCompressedSize()).isEqualTo(BIG);
            assertThat(entries.get(2).getCrc()).isEqualTo(zerosCrc);
            assertThat(zip.getInputStream(entries.get(0)).readAllBytes()).isEqualTo(BEFORE);
            assertThat(zip.getInputStream(entries.get(3)).readAllBytes()).isEqualTo(AFTER);
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file);
                org.apache.commons.compress.archivers.zip.ZipFile zip =
                        org.apache.commons.compress.archivers.zip.ZipFile.builder()
                                .setSeekableByteChannel(channel)
                                .get()) {
            List<ZipArchiveEntry> entries = Collections.list(zip.getEntriesInPhysicalOrder());
            assertThat(entries).extracting(ZipArchiveEntry::getName).isEqualTo(NAMES);
            assertThat(entries.get(2).getSize()).isEqualTo(BIG);
            assertThat(entries.get(2).getCrc()).isEqualTo(zerosCrc);
            assertThat(zip.getInputStream(entries.get(3)).readAllBytes()).isEqualTo(AFTER);
        }
        ZipTools.unzipTest(file, List.of("before.txt", "after.txt", "after/"));
        ZipTools.sevenZipTest(file); // checks the CRC-32 of all 4 GiB, and the local headers against the central ones
        assertThat(ZipTools.bsdtarList(file)).isEqualTo(NAMES);
    }

    /** Ranges around the 4 GiB mark, the end of the big content, the central directory and the last byte. */
    private static void checkRanges(ZipArchive archive, Path file) throws IOException {
        long size = archive.size();
        List<long[]> ranges = new ArrayList<>();
        ranges.add(new long[] {size - 1, 1});
        ranges.add(new long[] {0xFFFF_FFFFL - 1000, 3000});
        ranges.add(new long[] {size - 5000, 5000}); // the end of the content, after.txt, the central directory
        ranges.add(new long[] {0, 200});
        Random random = new Random(13);
        for (int i = 0; i < 20; i++) {
            long offset = (long) (random.nextDouble() * size);
            ranges.add(new long[] {offset, Math.min(random.nextInt(3 << 20), size - offset)});
        }
        try (FileChannel channel = FileChannel.open(file)) {
            for (long[] range : ranges) {
                ByteBuffer expected = ByteBuffer.allocate((int) range[1]);
                while (expected.hasRemaining() && channel.read(expected, range[0] + expected.position()) > 0) {
                    // read until full
                }
                assertThat(ZipFixtures.collect(archive.read(range[0], range[1])))
                        .as("bytes %d+%d", range[0], range[1])
                        .isEqualTo(expected.array());
            }
        }
    }

    /** Writes the archive, skipping runs of zeros (left as holes), and returns its length. */
    private static long writeSparse(Flux<DataBuffer> archive, Path file) throws IOException {
        long position = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (DataBuffer buffer : archive.timeout(ZipFixtures.TIMEOUT).toIterable(4)) {
                try (DataBuffer.ByteBufferIterator parts = buffer.readableByteBuffers()) {
                    while (parts.hasNext()) {
                        ByteBuffer part = parts.next();
                        int n = part.remaining();
                        if (!isZero(part)) {
                            long at = position;
                            while (part.hasRemaining()) {
                                at += channel.write(part, at);
                            }
                        }
                        position += n;
                    }
                } finally {
                    DataBufferUtils.release(buffer);
                }
            }
            if (channel.size() < position) {
                channel.truncate(position);
                channel.write(ByteBuffer.allocate(1), position - 1);
            }
        }
        return position;
    }

    private static boolean isZero(ByteBuffer part) {
        for (int from = part.position(); from < part.limit(); from += ZEROS.length) {
            int n = Math.min(ZEROS.length, part.limit() - from);
            if (part.slice(from, n).mismatch(ZERO_BUFFER.slice(0, n)) != -1) {
                return false;
            }
        }
        return true;
    }

    private static void copy(Path file, OutputStream out) {
        try {
            Files.copy(file, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
