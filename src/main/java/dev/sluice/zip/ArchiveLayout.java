package dev.sluice.zip;

import java.util.Arrays;
import java.util.List;

/**
 * Where everything lies in an archive whose entries all have a known CRC-32 (so none has a data descriptor): per
 * entry, where its local header starts and where its central header starts. That is two {@code long}s per entry;
 * the records themselves are encoded again when a range needs them.
 */
final class ArchiveLayout {

    private final List<ZipItem> items;
    /** Local header offsets, strictly increasing (a header is at least 30 bytes); one more: the central directory. */
    private final long[] localOffsets;
    /** Central header offsets from the start of the central directory; one more: its size. */
    private final long[] centralOffsets;

    private final long centralStart;
    private final byte[] end;

    private ArchiveLayout(List<ZipItem> items) {
        this.items = items;
        int n = items.size();
        this.localOffsets = new long[n + 1];
        this.centralOffsets = new long[n + 1];
        long local = 0;
        long central = 0;
        for (int i = 0; i < n; i++) {
            EntryRecords records = EntryRecords.of(items.get(i));
            if (records.hasDescriptor()) {
                throw new IllegalArgumentException(
                        "the CRC-32 of " + items.get(i).name() + " is not known");
            }
            localOffsets[i] = local;
            centralOffsets[i] = central;
            central += records.centralLength(local);
            local += records.spanLength();
        }
        localOffsets[n] = local;
        centralOffsets[n] = central;
        this.centralStart = local;
        this.end = EndRecords.encode(n, centralStart, central);
    }

    static ArchiveLayout of(List<ZipItem> items) {
        return new ArchiveLayout(items);
    }

    List<ZipItem> items() {
        return items;
    }

    long size() {
        return centralEnd() + end.length;
    }

    long centralStart() {
        return centralStart;
    }

    long centralEnd() {
        return centralStart + centralOffsets[items.size()];
    }

    long localOffset(int entry) {
        return localOffsets[entry];
    }

    long centralOffset(int entry) {
        return centralStart + centralOffsets[entry];
    }

    byte[] end() {
        return end;
    }

    /** The entry whose local header, or content, holds archive offset {@code position} (before the central directory). */
    int entryAt(long position) {
        return floor(localOffsets, position);
    }

    /** The entry whose central header holds archive offset {@code position} (inside the central directory). */
    int centralAt(long position) {
        return floor(centralOffsets, position - centralStart);
    }

    private int floor(long[] offsets, long position) {
        int found = Arrays.binarySearch(offsets, 0, items.size(), position);
        return found >= 0 ? found : -found - 2;
    }
}
