package dev.sluice.zip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.zip.ZipFixtures.Sample;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;

/** More than 65,535 entries: the ZIP64 end of central directory record and locator, read by every reader. */
class ZipManyEntriesTest {

    private static final DefaultDataBufferFactory FACTORY = DefaultDataBufferFactory.sharedInstance;
    private static final int ENTRIES = 70_000;

    @TempDir
    Path dir;

    @Test
    void laidOutArchiveOfSeventyThousandEntries() {
        List<Sample> samples = samples();
        ZipArchive archive = ZipArchive.of(ZipFixtures.items(samples, true, FACTORY), FACTORY);
        byte[] bytes = ZipFixtures.collect(archive.read());

        assertThat(bytes).hasSize((int) archive.size());
        assertZip64End(bytes);
        checkWithEveryReader(bytes, samples);
        Random random = new Random(11);
        for (int i = 0; i < 50; i++) {
            int offset = random.nextInt(bytes.length);
            int length = Math.min(random.nextInt(200_000), bytes.length - offset);
            assertThat(ZipFixtures.collect(archive.read(offset, length)))
                    .isEqualTo(Arrays.copyOfRange(bytes, offset, offset + length));
        }
    }

    @Test
    void streamedArchiveOfSeventyThousandEntries() {
        List<Sample> samples = samples();
        byte[] bytes = ZipFixtures.collect(
                ZipStream.write(Flux.fromIterable(samples).map(sample -> sample.item(false, FACTORY)), FACTORY));

        assertThat(bytes).hasSize((int) ZipStream.size(ZipFixtures.items(samples, false, FACTORY)));

        assertZip64End(bytes);
        // Data descriptors are read by every reader in ZipReadersTest; here what differs from the laid-out archive is
        // how the stream counts offsets for 70,000 entries, which the central-directory readers check. (About 40% of
        // this class's CPU is saved by not running the others again.)
        ZipReaders.commonsZipFile(bytes, samples);
        Path file = ZipReaders.write(dir, "many-streamed.zip", bytes);
        ZipTools.sevenZipTest(file);
        assertThat(ZipTools.bsdtarList(file)).isEqualTo(ZipReaders.names(samples));
    }

    private void checkWithEveryReader(byte[] bytes, List<Sample> samples) {
        Path file = ZipReaders.write(dir, "many.zip", bytes);
        ZipReaders.javaZipFile(file, samples);
        ZipReaders.javaZipInputStream(bytes, samples);
        ZipReaders.commonsZipFile(bytes, samples);
        ZipReaders.commonsStream(bytes, samples);
        ZipTools.unzipTest(file);
        ZipTools.sevenZipTest(file);
        assertThat(ZipTools.bsdtarList(file)).isEqualTo(ZipReaders.names(samples));
    }

    /** The classic end record says "see ZIP64" (0xFFFF entries), and the locator precedes it. */
    private static void assertZip64End(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int end = bytes.length - 22;
        assertThat(b.getInt(end)).isEqualTo(0x06054b50);
        assertThat(b.getShort(end + 10) & 0xFFFF).isEqualTo(0xFFFF);
        assertThat(b.getInt(end - 20)).isEqualTo(0x07064b50);
        long zip64End = b.getLong(end - 20 + 8);
        assertThat(b.getInt((int) zip64End)).isEqualTo(0x06064b50);
        assertThat(b.getLong((int) zip64End + 32)).isEqualTo(ENTRIES + ENTRIES / 1000);
    }

    private static List<Sample> samples() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < ENTRIES; i++) {
            if (i % 1000 == 0) {
                samples.add(new Sample("folder-" + i / 1000 + "/", null, ZipFixtures.MTIME));
            }
            String name = "folder-" + i / 1000 + "/file-" + i + ".txt";
            samples.add(new Sample(
                    name,
                    i % 7 == 0 ? new byte[0] : ZipFixtures.utf8("content of " + i),
                    ZipFixtures.MTIME.plusSeconds(i)));
        }
        return samples;
    }
}
