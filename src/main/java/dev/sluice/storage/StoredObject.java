package dev.sluice.storage;

import java.nio.channels.FileChannel;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;

/**
 * One object opened for reading. Its metadata and all content read through it come from the same version of the
 * object, even if the key is overwritten meanwhile. The caller must {@link #close()} it, exactly once or more
 * (closing is idempotent), whether or not content was read.
 */
public interface StoredObject extends AutoCloseable {

    /** The metadata of the version that was opened. */
    ObjectInfo info();

    /**
     * Reads a slice of the content. Lazy until subscribed; may be subscribed several times (for multi-range
     * responses) while the object is open. The subscriber owns the emitted buffers and must release them.
     *
     * @param offset first byte, from 0
     * @param length number of bytes, offset + length at most {@code info().size()}
     */
    Flux<DataBuffer> read(long offset, long length);

    /**
     * The open file whose bytes {@code 0} to {@code info().size()} are this version's content, when the store chose
     * to serve this object by a zero-copy transfer ({@code sendfile}); null when it is to be {@link #read}. Only
     * offered when the caller {@linkplain ReadOptions#fileTransfer asked} for it. Whoever hands the channel to the
     * network owns it from then on (Netty closes a file region's channel); {@link #close()} closes it too.
     */
    default @Nullable FileChannel fileChannel() {
        return null;
    }

    /** Releases what the open object holds (a file descriptor, a connection). Never throws. */
    @Override
    void close();
}
