package dev.sluice.zip;

import java.util.function.LongConsumer;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A range of an entry's content as its source delivers it, passed through untouched but counted, and when the whole
 * entry is read, checksummed: a source that gives more bytes than asked fails at the first extra byte (that buffer
 * is released), one that gives fewer or whose CRC-32 differs from the promised one fails when it completes.
 */
final class CheckedContent {

    private CheckedContent() {}

    /**
     * @param expectedCrc the CRC-32 the bytes must have, or {@code null} not to compare
     * @param computedCrc receives the CRC-32 of the bytes when the range is checksummed, or {@code null} for a
     *     partial range (counted only)
     */
    static Flux<DataBuffer> read(
            EntryRecords entry,
            long offset,
            long length,
            @Nullable Long expectedCrc,
            @Nullable LongConsumer computedCrc) {
        ZipItem item = entry.item();
        ZipContent content = item.content();
        if (length == 0 || content == null) {
            return Flux.empty();
        }
        boolean checksum = expectedCrc != null || computedCrc != null;
        return Flux.defer(() -> {
            Tally tally = new Tally(checksum ? new CRC32() : null);
            return content.read(offset, length)
                    .<DataBuffer>handle((buffer, sink) -> {
                        int n = buffer.readableByteCount();
                        if (tally.bytes + n > length) {
                            DataBufferUtils.release(buffer);
                            sink.error(new ZipContentException(
                                    item.name(),
                                    "the source gave more than the " + length + " bytes asked for"
                                            + " (the file changed while it was archived)"));
                            return;
                        }
                        tally.add(buffer);
                        sink.next(buffer);
                    })
                    .concatWith(Mono.defer(() -> tally.finish(item.name(), length, expectedCrc, computedCrc)));
        });
    }

    private static final class Tally {

        private final @Nullable CRC32 crc;
        private long bytes;

        Tally(@Nullable CRC32 crc) {
            this.crc = crc;
        }

        void add(DataBuffer buffer) {
            bytes += buffer.readableByteCount();
            if (crc != null) {
                try (DataBuffer.ByteBufferIterator parts = buffer.readableByteBuffers()) {
                    while (parts.hasNext()) {
                        crc.update(parts.next());
                    }
                }
            }
        }

        Mono<DataBuffer> finish(
                String name, long length, @Nullable Long expectedCrc, @Nullable LongConsumer computedCrc) {
            if (bytes != length) {
                return Mono.error(new ZipContentException(
                        name,
                        "the source gave " + bytes + " of the " + length
                                + " bytes asked for (the file changed while it was archived)"));
            }
            if (crc != null) {
                long value = crc.getValue();
                if (expectedCrc != null && value != expectedCrc) {
                    return Mono.error(new ZipContentException(
                            name,
                            String.format(
                                    "CRC-32 %08x instead of the expected %08x (the file changed)",
                                    value, expectedCrc)));
                }
                if (computedCrc != null) {
                    computedCrc.accept(value);
                }
            }
            return Mono.empty();
        }
    }
}
