package dev.sluice.resumable;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * The whole content's SHA-256 and CRC-32, carried across the chunks of an upload without reading the content
 * again: the SHA-256 as a {@link Sha256State}, whose state can be saved and restored on any instance; the CRC-32
 * as a value joined chunk by chunk ({@link Crc32Combination}). Not thread-safe: one chunk at a time.
 */
final class ContentHashes {

    private final Sha256State sha256;
    private long crc32;
    private final CRC32 chunkCrc = new CRC32();
    private long chunkLength;
    /** Where bytes of off-heap buffers are copied for the digest, which takes arrays; reused. */
    private byte @Nullable [] scratch;

    private ContentHashes(Sha256State sha256, long crc32) {
        this.sha256 = sha256;
        this.crc32 = crc32;
    }

    /** The hashes of no content. */
    static ContentHashes empty() {
        return new ContentHashes(Sha256State.empty(), 0);
    }

    /** Hashes restored from {@link #sha256State()} and {@link #crc32()}. */
    static ContentHashes restore(String sha256State, long crc32) {
        return new ContentHashes(Sha256State.restore(Base64.getDecoder().decode(sha256State)), crc32);
    }

    /** Adds the bytes of {@code bytes} (its position moves to its limit). */
    void update(ByteBuffer bytes) {
        ByteBuffer copy = bytes.duplicate();
        chunkCrc.update(copy);
        chunkLength += bytes.remaining();
        if (bytes.hasArray()) {
            sha256.update(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            bytes.position(bytes.limit());
        } else {
            byte[] chunk = scratch == null ? new byte[64 * 1024] : scratch;
            scratch = chunk;
            while (bytes.hasRemaining()) {
                int count = Math.min(chunk.length, bytes.remaining());
                bytes.get(chunk, 0, count);
                sha256.update(chunk, 0, count);
            }
        }
    }

    /** The saved form of the SHA-256 so far (base64). */
    String sha256State() {
        return Base64.getEncoder().encodeToString(sha256.encoded());
    }

    /** The CRC-32 so far. */
    long crc32() {
        settle();
        return crc32;
    }

    /** The lowercase hex SHA-256 of everything so far; the state is left as it was. */
    String sha256Hex() {
        return sha256.hex();
    }

    private void settle() {
        if (chunkLength > 0) {
            crc32 = Crc32Combination.combine(crc32, chunkCrc.getValue(), chunkLength);
            chunkCrc.reset();
            chunkLength = 0;
        }
    }
}
