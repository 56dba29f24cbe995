package dev.sluice.zip;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes an archive as a stream when some CRC-32s are not known before the bytes pass: those entries get a data
 * descriptor (general purpose bit 3) after their content with the CRC-32 computed on the way; entries with a known
 * CRC-32 are written as {@link ZipArchive} writes them, so that for such entries both produce the same bytes. The
 * length of the stream is not known before its entries are; when they are all known (a list), {@link #size(List)}
 * gives it, since a data descriptor's length depends on the entry's size only. Entries arrive as a {@code Flux}, so a listing is never held
 * whole; the growing central directory is (see {@link CentralDirectory}).
 *
 * <p>Readers: STORED entries with a data descriptor are read by every reader that uses the central directory
 * ({@code java.util.zip.ZipFile}, Commons Compress's {@code ZipFile}, unzip, 7-Zip, libarchive) and by streaming
 * readers that look for the descriptor (libarchive, Commons Compress's {@code ZipArchiveInputStream} with
 * {@code allowStoredEntriesWithDataDescriptor}); {@code java.util.zip.ZipInputStream} refuses them by design
 * ("only DEFLATED entries can have EXT descriptor").
 */
public final class ZipStream {

    private ZipStream() {}

    /**
     * The archive of {@code items}, in their order. Lazy until subscribed; each subscription writes the archive anew
     * (subscribing to {@code items} and to the sources again). Items are requested one at a time, as the previous
     * entry's content is written; one source is read at a time, asked only for what the subscriber requests. The
     * subscriber owns the emitted buffers and must release them; buffers not yet handed over when the subscription
     * is cancelled or fails are released here, and the source being read is cancelled. Fails with
     * {@link ZipContentException} when a source delivers a different number of bytes than its item's size, or
     * bytes whose CRC-32 differs from the item's known one; fails with what {@code items} fails with.
     *
     * @param bufferFactory makes the buffers of headers, descriptors and the central directory
     */
    public static Flux<DataBuffer> write(Flux<ZipItem> items, DataBufferFactory bufferFactory) {
        return Flux.defer(() -> {
                    Writer writer = new Writer(bufferFactory);
                    return items.concatMap(writer::entry, 1).concatWith(Flux.defer(writer::finish));
                })
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release);
    }

    /**
     * The exact length of {@code write(Flux.fromIterable(items), ...)}: headers, data descriptors and the central
     * directory have lengths that depend on names, sizes and offsets, never on CRC values. A source that delivers
     * another number of bytes fails the stream, so the length never turns out different: it can be sent as
     * {@code Content-Length}. Only ranges need the CRCs ({@link ZipArchive}).
     */
    public static long size(List<ZipItem> items) {
        long local = 0;
        long central = 0;
        for (ZipItem item : items) {
            EntryRecords entry = EntryRecords.of(item);
            central += entry.centralLength(local);
            local += entry.spanLength();
        }
        return local + central + EndRecords.length(items.size(), local, central);
    }

    /** The state of one subscription: where the next entry starts, and the central directory so far. */
    private static final class Writer {

        private final DataBufferFactory bufferFactory;
        private final CentralDirectory central = new CentralDirectory();
        private long offset;

        Writer(DataBufferFactory bufferFactory) {
            this.bufferFactory = bufferFactory;
        }

        // Called serially (concatMap), and each entry's pieces run one after another, so plain fields suffice.
        Flux<DataBuffer> entry(ZipItem item) {
            EntryRecords entry = EntryRecords.of(item);
            long localOffset = offset;
            offset += entry.spanLength();
            Long known = item.knownCrc32();
            Mono<DataBuffer> header = bytes(entry.local());
            if (known != null) {
                return header.concatWith(CheckedContent.read(entry, 0, item.size(), known, null))
                        .concatWith(Mono.fromRunnable(() -> central.add(entry.central(known, localOffset))));
            }
            long[] computed = new long[1];
            return header.concatWith(CheckedContent.read(entry, 0, item.size(), null, crc -> computed[0] = crc))
                    .concatWith(Mono.defer(() -> {
                        central.add(entry.central(computed[0], localOffset));
                        return bytes(entry.descriptor(computed[0]));
                    }));
        }

        Flux<DataBuffer> finish() {
            long entries = central.entries();
            long size = central.size();
            Deque<byte[]> chunks = new ArrayDeque<>(central.drain());
            chunks.add(EndRecords.encode(entries, offset, size));
            return Flux.<byte[]>generate(sink -> {
                        byte[] next = chunks.poll();
                        if (next == null) {
                            sink.complete();
                        } else {
                            sink.next(next);
                        }
                    })
                    .concatMap(this::bytes, 1);
        }

        private Mono<DataBuffer> bytes(byte[] bytes) {
            return Mono.fromSupplier(() -> bufferFactory.wrap(bytes));
        }
    }
}
