package dev.sluice.zip;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The records of one entry (APPNOTE 6.3.x 4.3.7, 4.3.9, 4.3.12): its local header, its data descriptor and its
 * central directory header, and their lengths, so that a layout can be computed without encoding them. What goes
 * into them depends only on the item and on where its local header starts, never on earlier entries' bytes.
 */
final class EntryRecords {

    static final long MAGIC32 = 0xFFFF_FFFFL;
    static final int MAGIC16 = 0xFFFF;

    static final int LOCAL_FIXED = 30;
    static final int CENTRAL_FIXED = 46;

    private static final int LOCAL_SIGNATURE = 0x04034b50;
    private static final int CENTRAL_SIGNATURE = 0x02014b50;
    private static final int DESCRIPTOR_SIGNATURE = 0x08074b50;
    private static final int FLAG_DESCRIPTOR = 1 << 3;
    private static final int FLAG_UTF8 = 1 << 11;
    private static final int STORED = 0;
    private static final int ZIP64_EXTRA = 0x0001;
    private static final int EXTENDED_TIMESTAMP_EXTRA = 0x5455;
    private static final int EXTENDED_TIMESTAMP_LENGTH = 9;
    /** Version made by: upper byte 3 (UNIX, so that readers apply the mode bits below), lower byte 4.5. */
    static final int MADE_BY = 3 << 8 | 45;

    static final int VERSION_ZIP64 = 45;
    private static final int VERSION_FOLDER_OR_DESCRIPTOR = 20;
    private static final int VERSION_STORED = 10;
    /** rw-r--r-- regular file, rwxr-xr-x directory (plus the MS-DOS directory bit), in the high 16 bits. */
    private static final int FILE_ATTRIBUTES = 0100644 << 16;

    private static final int FOLDER_ATTRIBUTES = 040755 << 16 | 0x10;

    private final ZipItem item;
    private final byte[] name;
    private final boolean descriptor;
    private final boolean zip64Sizes;
    private final boolean extendedTime;
    private final int dosTime;

    private EntryRecords(ZipItem item) {
        this.item = item;
        this.name = item.name().getBytes(StandardCharsets.UTF_8);
        this.descriptor = item.knownCrc32() == null;
        this.zip64Sizes = item.size() >= MAGIC32;
        long seconds = item.lastModified().getEpochSecond();
        this.extendedTime = seconds >= Integer.MIN_VALUE && seconds <= Integer.MAX_VALUE;
        this.dosTime = DosTime.of(item.lastModified());
    }

    static EntryRecords of(ZipItem item) {
        return new EntryRecords(item);
    }

    ZipItem item() {
        return item;
    }

    /** Whether the CRC-32 goes into a data descriptor after the content (it is unknown before). */
    boolean hasDescriptor() {
        return descriptor;
    }

    int localLength() {
        return LOCAL_FIXED + name.length + (zip64Sizes ? 20 : 0) + (extendedTime ? EXTENDED_TIMESTAMP_LENGTH : 0);
    }

    /** 16 bytes, or 24 with 8-byte sizes when the local header carries the ZIP64 extra field (as Commons Compress). */
    int descriptorLength() {
        return descriptor ? (zip64Sizes ? 24 : 16) : 0;
    }

    /** Local header, name, content and data descriptor: the bytes the entry takes before the central directory. */
    long spanLength() {
        return localLength() + item.size() + descriptorLength();
    }

    int centralLength(long localOffset) {
        int zip64Fields = (zip64Sizes ? 2 : 0) + (localOffset >= MAGIC32 ? 1 : 0);
        return CENTRAL_FIXED
                + name.length
                + (zip64Fields > 0 ? 4 + 8 * zip64Fields : 0)
                + (extendedTime ? EXTENDED_TIMESTAMP_LENGTH : 0);
    }

    byte[] local() {
        ByteBuffer b = buffer(localLength());
        b.putInt(LOCAL_SIGNATURE);
        b.putShort((short) (zip64Sizes ? VERSION_ZIP64 : versionWithoutZip64()));
        b.putShort((short) flags());
        b.putShort((short) STORED);
        b.putInt(dosTime); // time in the low half, then the date
        // With a data descriptor, CRC and sizes are zero here (4.4.4); the ZIP64 extra field then holds zeros too.
        Long crc = item.knownCrc32();
        b.putInt(crc == null ? 0 : crc.intValue());
        long size = descriptor ? 0 : item.size();
        b.putInt(zip64Sizes ? (int) MAGIC32 : (int) size);
        b.putInt(zip64Sizes ? (int) MAGIC32 : (int) size);
        b.putShort((short) name.length);
        b.putShort((short) (localLength() - LOCAL_FIXED - name.length));
        b.put(name);
        if (zip64Sizes) {
            // 4.5.3: in a local header the field holds both sizes, uncompressed first
            b.putShort((short) ZIP64_EXTRA).putShort((short) 16).putLong(size).putLong(size);
        }
        putExtendedTime(b);
        return b.array();
    }

    byte[] descriptor(long crc) {
        ByteBuffer b = buffer(descriptorLength());
        b.putInt(DESCRIPTOR_SIGNATURE).putInt((int) crc);
        if (zip64Sizes) {
            b.putLong(item.size()).putLong(item.size());
        } else {
            b.putInt((int) item.size()).putInt((int) item.size());
        }
        return b.array();
    }

    byte[] central(long crc, long localOffset) {
        boolean zip64Offset = localOffset >= MAGIC32;
        int length = centralLength(localOffset);
        ByteBuffer b = buffer(length);
        b.putInt(CENTRAL_SIGNATURE);
        b.putShort((short) MADE_BY);
        b.putShort((short) (zip64Sizes || zip64Offset ? VERSION_ZIP64 : versionWithoutZip64()));
        b.putShort((short) flags());
        b.putShort((short) STORED);
        b.putInt(dosTime); // time in the low half, then the date
        b.putInt((int) crc);
        b.putInt(zip64Sizes ? (int) MAGIC32 : (int) item.size());
        b.putInt(zip64Sizes ? (int) MAGIC32 : (int) item.size());
        b.putShort((short) name.length);
        b.putShort((short) (length - CENTRAL_FIXED - name.length));
        b.putShort((short) 0); // comment length
        b.putShort((short) 0); // disk number start
        b.putShort((short) 0); // internal attributes
        b.putInt(item.isFolder() ? FOLDER_ATTRIBUTES : FILE_ATTRIBUTES);
        b.putInt(zip64Offset ? (int) MAGIC32 : (int) localOffset);
        b.put(name);
        if (zip64Sizes || zip64Offset) {
            // 4.5.3: only the fields whose header value is 0xFFFFFFFF, in this order
            b.putShort((short) ZIP64_EXTRA).putShort((short) (8 * ((zip64Sizes ? 2 : 0) + (zip64Offset ? 1 : 0))));
            if (zip64Sizes) {
                b.putLong(item.size()).putLong(item.size());
            }
            if (zip64Offset) {
                b.putLong(localOffset);
            }
        }
        putExtendedTime(b);
        return b.array();
    }

    private int versionWithoutZip64() {
        return descriptor || item.isFolder() ? VERSION_FOLDER_OR_DESCRIPTOR : VERSION_STORED;
    }

    private int flags() {
        return FLAG_UTF8 | (descriptor ? FLAG_DESCRIPTOR : 0);
    }

    // Info-ZIP's extended timestamp with the modification time only: the same 5 data bytes in both headers.
    private void putExtendedTime(ByteBuffer b) {
        if (extendedTime) {
            b.putShort((short) EXTENDED_TIMESTAMP_EXTRA)
                    .putShort((short) 5)
                    .put((byte) 1)
                    .putInt((int) item.lastModified().getEpochSecond());
        }
    }

    static ByteBuffer buffer(int length) {
        return ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    }
}
