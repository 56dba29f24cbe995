package dev.sluice.zip;

import java.util.ArrayList;
import java.util.List;

/**
 * The central directory of a streamed archive as it grows: the headers' own bytes appended to 64 KiB chunks, so an
 * entry costs its header (46 bytes, its name, 9 for the timestamp, more for ZIP64) and no object of its own. Used
 * serially by one stream.
 */
final class CentralDirectory {

    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current = new byte[RangeCursor.CHUNK];
    private int filled;
    private long size;
    private long entries;

    void add(byte[] header) {
        int from = 0;
        while (from < header.length) {
            if (filled == current.length) {
                chunks.add(current);
                current = new byte[RangeCursor.CHUNK];
                filled = 0;
            }
            int n = Math.min(header.length - from, current.length - filled);
            System.arraycopy(header, from, current, filled, n);
            filled += n;
            from += n;
        }
        size += header.length;
        entries++;
    }

    long size() {
        return size;
    }

    long entries() {
        return entries;
    }

    /** The chunks in order, the last one trimmed; the directory is spent afterwards. */
    List<byte[]> drain() {
        List<byte[]> all = new ArrayList<>(chunks);
        if (filled > 0) {
            byte[] last = new byte[filled];
            System.arraycopy(current, 0, last, 0, filled);
            all.add(last);
        }
        chunks.clear();
        current = new byte[0];
        filled = 0;
        return all;
    }
}
