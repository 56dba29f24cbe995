package dev.sluice.zip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.zip.ZipFixtures.Sample;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * The JVM's readers of an archive, each checked against the samples it was written from: names and order, folders,
 * sizes, CRC-32s, contents and modification times. None of them shares code with the writer.
 */
final class ZipReaders {

    private ZipReaders() {
    }

    /** {@code java.util.zip.ZipFile}: the central directory, then each entry through its local header. */
    static void javaZipFile(Path archive, List<Sample> samples) {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            List<? extends ZipEntry> entries = Collections.list(zip.entries());
            assertThat(entries).extracting(ZipEntry::getName).containsExactlyElementsOf(names(samples));
            for (int i = 0; i < samples.size(); i++) {
                Sample sample = samples.get(i);
                ZipEntry entry = entries.get(i);
                assertThat(entry.isDirectory()).as(sample.name()).isEqualTo(sample.data() == null);
                assertThat(entry.getMethod()).isEqualTo(ZipEntry.STORED);
                // the extended timestamp field gives the exact UTC second
                assertThat(entry.getLastModifiedTime()).as(sample.name())
                        .isEqualTo(FileTime.from(sample.mtime()));
                byte[] data = sample.data();
                if (data != null) {
                    assertThat(entry.getSize()).isEqualTo(data.length);
                    assertThat(entry.getCrc()).isEqualTo(ZipFixtures.crc(data));
                    assertThat(zip.getInputStream(entry).readAllBytes()).as(sample.name()).isEqualTo(data);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code java.util.zip.ZipInputStream}: local headers front to back (entries without data descriptors only). */
    static void javaZipInputStream(byte[] archive, List<Sample> samples) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(archive))) {
            List<String> names = new ArrayList<>();
            ZipEntry entry;
            int i = 0;
            while ((entry = in.getNextEntry()) != null) {
                names.add(entry.getName());
                Sample sample = samples.get(i++);
                byte[] content = in.readAllBytes();
                byte[] data = sample.data();
                assertThat(content).as(sample.name()).isEqualTo(data == null ? new byte[0] : data);
                assertThat(entry.getLastModifiedTime()).as(sample.name()).isEqualTo(FileTime.from(sample.mtime()));
            }
            assertThat(names).containsExactlyElementsOf(names(samples));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commons Compress's {@code ZipFile} over an in-memory channel: the central directory, UNIX modes, contents. */
    static void commonsZipFile(byte[] archive, List<Sample> samples) {
        try (org.apache.commons.compress.archivers.zip.ZipFile zip = org.apache.commons.compress.archivers.zip.ZipFile
                .builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(archive)).get()) {
            List<ZipArchiveEntry> entries = Collections.list(zip.getEntriesInPhysicalOrder());
            assertThat(entries).extracting(ZipArchiveEntry::getName).containsExactlyElementsOf(names(samples));
            for (int i = 0; i < samples.size(); i++) {
                Sample sample = samples.get(i);
                ZipArchiveEntry entry = entries.get(i);
                assertThat(entry.isDirectory()).isEqualTo(sample.data() == null);
                assertThat(entry.getGeneralPurposeBit().usesUTF8ForNames()).isTrue();
                assertThat(entry.getUnixMode() & 0777).isEqualTo(sample.data() == null ? 0755 : 0644);
                assertThat(entry.getLastModifiedTime()).as(sample.name()).isEqualTo(FileTime.from(sample.mtime()));
                byte[] data = sample.data();
                if (data != null) {
                    assertThat(entry.getCrc()).isEqualTo(ZipFixtures.crc(data));
                    assertThat(zip.getInputStream(entry).readAllBytes()).as(sample.name()).isEqualTo(data);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Commons Compress's streaming {@code ZipArchiveInputStream}, front to back; it reads STORED entries with data
     * descriptors only when asked to ({@code allowStoredEntriesWithDataDescriptor}).
     */
    static void commonsStream(byte[] archive, List<Sample> samples) {
        try (ZipArchiveInputStream in = new ZipArchiveInputStream(new ByteArrayInputStream(archive), "UTF-8", true,
                true)) {
            List<String> names = new ArrayList<>();
            ZipArchiveEntry entry;
            int i = 0;
            while ((entry = in.getNextEntry()) != null) {
                names.add(entry.getName());
                Sample sample = samples.get(i++);
                byte[] data = sample.data();
                assertThat(in.readAllBytes()).as(sample.name()).isEqualTo(data == null ? new byte[0] : data);
            }
            assertThat(names).containsExactlyElementsOf(names(samples));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> names(List<Sample> samples) {
        return samples.stream().map(Sample::name).toList();
    }

    static Path write(Path dir, String name, byte[] archive) {
        try {
            return Files.write(dir.resolve(name), archive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
