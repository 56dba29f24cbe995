package dev.sluice.storage.local;

import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * The fixed-size metadata block that ends every object file: {@code [content][trailer]}.
 *
 * <p>Keeping metadata inside the same file as the content is what makes a publish atomic (one rename moves both)
 * and a read consistent (one open file yields both). Its size is fixed so that the content length is the file
 * length minus {@value #SIZE}, which lets listings report sizes from a {@code stat} alone. Layout, big-endian:
 * magic (8), content size (8), last-modified epoch seconds (8), SHA-256 (32), content-type length (2), content
 * type (ASCII), zero padding, CRC32C of everything before it (4, at the end).
 */
record ObjectTrailer(long size, long lastModifiedEpochSecond, byte[] sha256, String contentType) {

    static final int SIZE = 512;
    private static final byte[] MAGIC = "SLUICE01".getBytes(StandardCharsets.US_ASCII);
    private static final int CONTENT_TYPE_OFFSET = 8 + 8 + 8 + 32 + 2;
    private static final int CRC_OFFSET = SIZE - 4;

    ObjectTrailer {
        if (sha256.length != 32) {
            throw new IllegalArgumentException("SHA-256 must be 32 bytes");
        }
        if (contentType.getBytes(StandardCharsets.US_ASCII).length > CRC_OFFSET - CONTENT_TYPE_OFFSET) {
            throw new IllegalArgumentException("content type too long for the trailer");
        }
    }

    ObjectInfo toInfo(ObjectKey key) {
        return new ObjectInfo(
                key,
                size,
                contentType,
                HexFormat.of().formatHex(sha256),
                Instant.ofEpochSecond(lastModifiedEpochSecond));
    }

    /** A buffer of {@value #SIZE} bytes, ready to write. */
    ByteBuffer encode() {
        ByteBuffer buffer = ByteBuffer.allocate(SIZE);
        byte[] type = contentType.getBytes(StandardCharsets.US_ASCII);
        buffer.put(MAGIC)
                .putLong(size)
                .putLong(lastModifiedEpochSecond)
                .put(sha256)
                .putShort((short) type.length)
                .put(type);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, CRC_OFFSET);
        buffer.putInt(CRC_OFFSET, (int) crc.getValue());
        return buffer.clear();
    }

    /**
     * Decodes a trailer read from the last {@value #SIZE} bytes of a file of {@code fileSize} bytes.
     *
     * @throws CorruptObjectException when the bytes are not a valid trailer for a file of that size
     */
    static ObjectTrailer decode(ByteBuffer buffer, long fileSize) throws CorruptObjectException {
        if (buffer.remaining() != SIZE) {
            throw new CorruptObjectException("trailer is " + buffer.remaining() + " bytes");
        }
        ByteBuffer in = buffer.slice();
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        CRC32C crc = new CRC32C();
        crc.update(in.duplicate().position(0).limit(CRC_OFFSET));
        if (!java.util.Arrays.equals(magic, MAGIC) || (int) crc.getValue() != in.getInt(CRC_OFFSET)) {
            throw new CorruptObjectException("not a Sluice object file");
        }
        long size = in.getLong();
        long modified = in.getLong();
        byte[] sha = new byte[32];
        in.get(sha);
        int typeLength = in.getShort();
        if (size != fileSize - SIZE || typeLength < 0 || typeLength > CRC_OFFSET - CONTENT_TYPE_OFFSET) {
            throw new CorruptObjectException("trailer does not match the file size");
        }
        byte[] type = new byte[typeLength];
        in.get(type);
        return new ObjectTrailer(size, modified, sha, new String(type, StandardCharsets.US_ASCII));
    }

    /** A file under the root that is not a complete Sluice object (never published by Sluice, or damaged). */
    static final class CorruptObjectException extends Exception {
        CorruptObjectException(String message) {
            super(message);
        }
    }
}
