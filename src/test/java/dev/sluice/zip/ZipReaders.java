package dev.sluice.zip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.zip.ZipFixtures.Sample;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * The JVM's readers of an archive, each checked against the samples it was written from: names and order, folders,
 * sizes, CRC-32s, contents and modification times. None of them shares code with the writer. Each reader's view is
 * gathered into a list of {@link Seen} and compared at once, which keeps 70,000 entries fast.
 */
final class ZipReaders {

    private ZipReaders() {}

    /** What a reader saw of one entry; {@code size} and {@code crc} are -1 where the reader does not tell. */
    record Seen(String name, boolean folder, FileTime mtime, long size, long crc, String sha256) {}

    /** {@code java.util.zip.ZipFile}: the central directory, then each entry through its local header. */
    static void javaZipFile(Path archive, List<Sample> samples) {
        List<Seen> seen = new ArrayList<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                // the extended timestamp field gives the exact UTC second
                seen.add(new Seen(
                        entry.getName(),
                        entry.isDirectory(),
                        entry.getLastModifiedTime(),
                        entry.getSize(),
                        entry.getCrc(),
                        entry.getMethod() == ZipEntry.STORED
                                ? sha256(zip.getInputStream(entry))
                                : "method " + entry.getMethod()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(seen).isEqualTo(expected(samples, true));
    }

    /** {@code java.util.zip.ZipInputStream}: local headers front to back (entries without data descriptors only). */
    static void javaZipInputStream(byte[] archive, List<Sample> samples) {
        List<Seen> seen = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(archive))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                seen.add(new Seen(
                        entry.getName(), entry.isDirectory(), entry.getLastModifiedTime(), -1, -1, sha256(in)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(seen).isEqualTo(expected(samples, false));
    }

    /** Commons Compress's {@code ZipFile} over an in-memory channel: the central directory, UNIX modes, contents. */
    static void commonsZipFile(byte[] archive, List<Sample> samples) {
        List<Seen> seen = new ArrayList<>();
        try (org.apache.commons.compress.archivers.zip.ZipFile zip =
                org.apache.commons.compress.archivers.zip.ZipFile.builder()
                        .setSeekableByteChannel(new SeekableInMemoryByteChannel(archive))
                        .get()) {
            for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
                boolean utf8AndMode = entry.getGeneralPurposeBit().usesUTF8ForNames()
                        && (entry.getUnixMode() & 0777) == (entry.isDirectory() ? 0755 : 0644);
                seen.add(new Seen(
                        entry.getName(),
                        entry.isDirectory(),
                        entry.getLastModifiedTime(),
                        entry.getSize(),
                        entry.getCrc(),
                        utf8AndMode ? sha256(zip.getInputStream(entry)) : "no UTF-8 flag or bad mode"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(seen).isEqualTo(expected(samples, true));
    }

    /**
     * Commons Compress's streaming {@code ZipArchiveInputStream}, front to back; it reads STORED entries with data
     * descriptors only when asked to ({@code allowStoredEntriesWithDataDescriptor}).
     */
    static void commonsStream(byte[] archive, List<Sample> samples) {
        List<Seen> seen = new ArrayList<>();
        try (ZipArchiveInputStream in =
                new ZipArchiveInputStream(new ByteArrayInputStream(archive), "UTF-8", true, true)) {
            ZipArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                seen.add(new Seen(
                        entry.getName(), entry.isDirectory(), entry.getLastModifiedTime(), -1, -1, sha256(in)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(seen).isEqualTo(expected(samples, false));
    }

    static List<Seen> expected(List<Sample> samples, boolean withSizes) {
        return samples.stream()
                .map(sample -> {
                    byte[] data = sample.data() == null ? new byte[0] : sample.data();
                    return new Seen(
                            sample.name(),
                            sample.data() == null,
                            FileTime.from(sample.mtime()),
                            withSizes ? data.length : -1,
                            withSizes ? ZipFixtures.crc(data) : -1,
                            HexFormat.of().formatHex(digest().digest(data)));
                })
                .toList();
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

    private static String sha256(InputStream in) throws IOException {
        MessageDigest digest = digest();
        byte[] chunk = new byte[64 * 1024];
        int n;
        while ((n = in.read(chunk)) > 0) {
            digest.update(chunk, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private static MessageDigest digest() {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return digest;
    }
}
