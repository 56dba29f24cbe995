package dev.sluice.zip;

import java.io.ByteArrayOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Walks a byte range of an archive as pieces: runs of record bytes (headers, central directory, end records), joined
 * into chunks of up to {@value #CHUNK} bytes so that thousands of small headers make few buffers, and ranges of
 * entry contents, to be read from their sources. Not thread-safe: one cursor per subscription, advanced serially.
 */
final class RangeCursor {

    static final int CHUNK = 64 * 1024;

    /** What comes next in the range. */
    sealed interface Piece permits Bytes, Content {}

    record Bytes(byte[] bytes) implements Piece {}

    /** {@code length} bytes of an entry's content from {@code offset}; {@code whole} when that is all of it. */
    record Content(EntryRecords entry, long offset, long length, boolean whole) implements Piece {}

    private final ArchiveLayout layout;
    private final long end;
    private long position;
    private final ByteArrayOutputStream chunk = new ByteArrayOutputStream(256);
    private int cachedIndex = -1;
    private @Nullable EntryRecords cached;

    RangeCursor(ArchiveLayout layout, long offset, long length) {
        this.layout = layout;
        this.position = offset;
        this.end = offset + length;
    }

    /** The next piece, or {@code null} at the end of the range. */
    @Nullable
    Piece next() {
        while (position < end) {
            if (position < layout.centralStart()) {
                int index = layout.entryAt(position);
                EntryRecords entry = records(index);
                long headerStart = layout.localOffset(index);
                long contentStart = headerStart + entry.localLength();
                if (position < contentStart) {
                    append(entry.local(), headerStart);
                } else {
                    if (chunk.size() > 0) {
                        return flush();
                    }
                    long size = entry.item().size();
                    long from = position - contentStart;
                    long length = Math.min(end, contentStart + size) - position;
                    position += length;
                    return new Content(entry, from, length, from == 0 && length == size);
                }
            } else if (position < layout.centralEnd()) {
                int index = layout.centralAt(position);
                EntryRecords entry = records(index);
                Long crc = entry.item().knownCrc32();
                append(entry.central(crc == null ? 0 : crc, layout.localOffset(index)), layout.centralOffset(index));
            } else {
                append(layout.end(), layout.centralEnd());
            }
            if (chunk.size() >= CHUNK) {
                return flush();
            }
        }
        return chunk.size() > 0 ? flush() : null;
    }

    private void append(byte[] record, long recordStart) {
        int from = (int) (position - recordStart);
        int n = (int) Math.min(Math.min(record.length - from, CHUNK - chunk.size()), end - position);
        chunk.write(record, from, n);
        position += n;
    }

    private Bytes flush() {
        Bytes bytes = new Bytes(chunk.toByteArray());
        chunk.reset();
        return bytes;
    }

    private EntryRecords records(int index) {
        EntryRecords entry = cached;
        if (index != cachedIndex || entry == null) {
            entry = EntryRecords.of(layout.items().get(index));
            cached = entry;
            cachedIndex = index;
        }
        return entry;
    }
}
