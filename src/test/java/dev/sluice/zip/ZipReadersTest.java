package dev.sluice.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.zip.ZipFixtures.Sample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;

/**
 * Archives of a tree with nested and empty folders, non-ASCII names and an empty file, read back by independent
 * readers: the JDK's, Commons Compress's, unzip, 7-Zip and bsdtar.
 */
class ZipReadersTest {

    private static final DefaultDataBufferFactory FACTORY = DefaultDataBufferFactory.sharedInstance;

    @TempDir
    Path dir;

    @Test
    void archiveOfKnownCrcsIsReadByEveryReader() {
        List<Sample> tree = ZipFixtures.tree();
        ZipArchive archive = ZipArchive.of(ZipFixtures.items(tree, true, FACTORY), FACTORY);
        byte[] bytes = ZipFixtures.collect(archive.read());

        assertThat(bytes).hasSize((int) archive.size());
        Path file = ZipReaders.write(dir, "tree.zip", bytes);
        ZipReaders.javaZipFile(file, tree);
        ZipReaders.javaZipInputStream(bytes, tree);
        ZipReaders.commonsZipFile(bytes, tree);
        ZipReaders.commonsStream(bytes, tree);
        assertThat(ZipTools.unzipTest(file).output())
                .contains("testing: 日本語/ファイル.txt", "testing: emoji 😀/🎉 party.txt");
        ZipTools.sevenZipTest(file);
        assertThat(ZipTools.bsdtarList(file)).isEqualTo(ZipReaders.names(tree));
        assertThat(ZipTools.bsdtarListStream(out -> write(out, bytes))).isEqualTo(ZipReaders.names(tree));
    }

    @Test
    void streamedArchiveWithDataDescriptorsIsReadByEveryReaderThatReadsThem() {
        List<Sample> tree = ZipFixtures.tree();
        List<ZipItem> items = ZipFixtures.items(tree, false, FACTORY);
        byte[] bytes = ZipFixtures.collect(ZipStream.write(Flux.fromIterable(items), FACTORY));

        assertThat(bytes).hasSize((int) ZipStream.size(items));

        Path file = ZipReaders.write(dir, "streamed.zip", bytes);
        ZipReaders.javaZipFile(file, tree);
        ZipReaders.commonsZipFile(bytes, tree);
        ZipReaders.commonsStream(bytes, tree);
        ZipTools.unzipTest(file);
        ZipTools.sevenZipTest(file);
        assertThat(ZipTools.bsdtarList(file)).isEqualTo(ZipReaders.names(tree));
        assertThat(ZipTools.bsdtarListStream(out -> write(out, bytes))).isEqualTo(ZipReaders.names(tree));
        // The JDK's streaming reader refuses STORED entries with a data descriptor by design (documented in ZipStream)
        assertThatThrownBy(() -> ZipReaders.javaZipInputStream(bytes, tree))
                .hasRootCauseInstanceOf(ZipException.class)
                .rootCause()
                .hasMessageContaining("only DEFLATED entries can have EXT descriptor");
    }

    @Test
    void streamOfKnownCrcsWritesTheSameBytesAsTheLaidOutArchive() {
        List<Sample> tree = ZipFixtures.tree();
        List<ZipItem> items = ZipFixtures.items(tree, true, FACTORY);

        byte[] streamed = ZipFixtures.collect(ZipStream.write(Flux.fromIterable(items), FACTORY));

        assertThat(streamed)
                .isEqualTo(ZipFixtures.collect(ZipArchive.of(items, FACTORY).read()));
    }

    @Test
    void emptyArchiveIsValid() {
        ZipArchive archive = ZipArchive.of(List.of(), FACTORY);
        byte[] bytes = ZipFixtures.collect(archive.read());

        assertThat(bytes).hasSize(22).isEqualTo(ZipFixtures.collect(ZipStream.write(Flux.empty(), FACTORY)));
        ZipReaders.commonsZipFile(bytes, List.of());
        ZipReaders.javaZipFile(ZipReaders.write(dir, "empty.zip", bytes), List.of());
    }

    private static void write(java.io.OutputStream out, byte[] bytes) {
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
