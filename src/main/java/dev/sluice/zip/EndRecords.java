package dev.sluice.zip;

import java.nio.ByteBuffer;

/**
 * What follows the central directory (APPNOTE 6.3.x 4.3.14-4.3.16): the ZIP64 end of central directory record and
 * its locator when a count, size or offset does not fit the classic end record, then the classic end record, whose
 * overflowing fields hold 0xFFFF / 0xFFFFFFFF (4.4.1.4). The same test as Go's archive/zip and Commons Compress:
 * 0xFFFF entries or more, or a central directory size or offset of 0xFFFFFFFF or more.
 */
final class EndRecords {

    private static final int ZIP64_END_SIGNATURE = 0x06064b50;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int END_SIGNATURE = 0x06054b50;
    private static final int ZIP64_END_LENGTH = 56;
    private static final int ZIP64_LOCATOR_LENGTH = 20;
    private static final int END_LENGTH = 22;

    private EndRecords() {}

    static boolean needsZip64(long entries, long centralOffset, long centralSize) {
        return entries >= EntryRecords.MAGIC16
                || centralOffset >= EntryRecords.MAGIC32
                || centralSize >= EntryRecords.MAGIC32;
    }

    static int length(long entries, long centralOffset, long centralSize) {
        return (needsZip64(entries, centralOffset, centralSize) ? ZIP64_END_LENGTH + ZIP64_LOCATOR_LENGTH : 0)
                + END_LENGTH;
    }

    /** The records for a central directory of {@code entries} headers, {@code centralSize} bytes at {@code centralOffset}. */
    static byte[] encode(long entries, long centralOffset, long centralSize) {
        ByteBuffer b = EntryRecords.buffer(length(entries, centralOffset, centralSize));
        if (needsZip64(entries, centralOffset, centralSize)) {
            long zip64EndOffset = centralOffset + centralSize;
            b.putInt(ZIP64_END_SIGNATURE);
            b.putLong(ZIP64_END_LENGTH - 12); // the record's size without its signature and this field
            b.putShort((short) EntryRecords.MADE_BY);
            b.putShort((short) EntryRecords.VERSION_ZIP64);
            b.putInt(0).putInt(0); // this disk, disk where the central directory starts
            b.putLong(entries).putLong(entries);
            b.putLong(centralSize).putLong(centralOffset);
            b.putInt(ZIP64_LOCATOR_SIGNATURE);
            b.putInt(0); // disk with the ZIP64 end record
            b.putLong(zip64EndOffset);
            b.putInt(1); // total number of disks
        }
        short count = (short) Math.min(entries, EntryRecords.MAGIC16);
        b.putInt(END_SIGNATURE);
        b.putShort((short) 0).putShort((short) 0);
        b.putShort(count).putShort(count);
        b.putInt((int) Math.min(centralSize, EntryRecords.MAGIC32));
        b.putInt((int) Math.min(centralOffset, EntryRecords.MAGIC32));
        b.putShort((short) 0); // comment length
        return b.array();
    }
}
