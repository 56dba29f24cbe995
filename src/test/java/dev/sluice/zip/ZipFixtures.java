package dev.sluice.zip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;

/** Entries, sources and sinks for the ZIP tests: contents live in byte arrays, archives are collected whole. */
final class ZipFixtures {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final Instant MTIME = Instant.parse("2024-05-06T07:08:10Z");

    private ZipFixtures() {}

    /** A file whose content is read from {@code data} in slices of at most {@code chunk} bytes. */
    static ZipItem file(String name, byte[] data, Instant mtime, boolean crcKnown, DataBufferFactory factory) {
        return ZipItem.file(name, data.length, mtime, crcKnown ? crc(data) : null, bytes(data, 8 * 1024, factory));
    }

    static ZipContent bytes(byte[] data, int chunk, DataBufferFactory factory) {
        return (offset, length) -> Flux.<DataBuffer, long[]>generate(() -> new long[] {offset}, (position, sink) -> {
            long end = offset + length;
            if (position[0] >= end) {
                sink.complete();
                return position;
            }
            int n = (int) Math.min(chunk, end - position[0]);
            DataBuffer buffer = factory.allocateBuffer(n);
            buffer.write(data, (int) position[0], n);
            position[0] += n;
            sink.next(buffer);
            return position;
        });
    }

    static long crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A tree with nested folders, empty folders, non-ASCII names (accents, CJK, emoji), an empty file and a file of
     * several source buffers.
     */
    static List<Sample> tree() {
        List<Sample> tree = new ArrayList<>();
        tree.add(new Sample("docs/", null, MTIME));
        tree.add(new Sample("docs/readme.txt", utf8("hello, archive\n"), MTIME));
        tree.add(new Sample("docs/nested/", null, MTIME.plusSeconds(60)));
        tree.add(new Sample("docs/nested/deep/", null, MTIME.plusSeconds(61)));
        tree.add(new Sample("docs/nested/deep/random.bin", random(200_000, 7), Instant.parse("2021-01-01T00:00:01Z")));
        tree.add(new Sample("docs/empty.txt", new byte[0], MTIME));
        tree.add(new Sample("empty folder/", null, Instant.parse("2019-12-31T23:59:58Z")));
        tree.add(new Sample("empty folder/inner empty/", null, MTIME));
        tree.add(new Sample("é/café.txt", utf8("crème brûlée"), MTIME));
        tree.add(new Sample("日本語/ファイル.txt", utf8("こんにちは"), MTIME));
        tree.add(new Sample("emoji 😀/🎉 party.txt", utf8("🎉"), MTIME));
        tree.add(new Sample("old.txt", utf8("from 1975"), Instant.parse("1975-06-01T12:00:00Z")));
        return tree;
    }

    /** One entry of a test tree: {@code data} is {@code null} for a folder. */
    record Sample(String name, byte @Nullable [] data, Instant mtime) {

        ZipItem item(boolean crcKnown, DataBufferFactory factory) {
            byte[] bytes = data;
            return bytes == null ? ZipItem.folder(name, mtime) : file(name, bytes, mtime, crcKnown, factory);
        }
    }

    static List<ZipItem> items(List<Sample> samples, boolean crcKnown, DataBufferFactory factory) {
        return samples.stream().map(sample -> sample.item(crcKnown, factory)).toList();
    }

    /** Collects a whole archive, releasing each buffer. */
    static byte[] collect(Flux<DataBuffer> archive) {
        ByteArrayOutputStream out = archive.collect(ByteArrayOutputStream::new, (bytes, buffer) -> {
                    try {
                        byte[] chunk = new byte[buffer.readableByteCount()];
                        buffer.read(chunk);
                        bytes.writeBytes(chunk);
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .block(TIMEOUT);
        assertThat(out).isNotNull();
        return out.toByteArray();
    }
}
