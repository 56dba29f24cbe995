package dev.sluice.storage.local;

import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.StoredObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * An object file opened for zero-copy: the version was checked against this channel, and a file region of it is
 * what the network sends. {@link #read} exists for callers that stream after all; it reads the same channel on the
 * store's I/O pool.
 */
final class LocalFileObject implements StoredObject {

    private final ObjectInfo info;
    private final FileChannel channel;
    private final Scheduler io;
    private final DataBufferFactory bufferFactory;
    private final int bufferSize;

    LocalFileObject(
            ObjectInfo info, FileChannel channel, Scheduler io, DataBufferFactory bufferFactory, int bufferSize) {
        this.info = info;
        this.channel = channel;
        this.io = io;
        this.bufferFactory = bufferFactory;
        this.bufferSize = bufferSize;
    }

    @Override
    public ObjectInfo info() {
        return info;
    }

    @Override
    public FileChannel fileChannel() {
        return channel;
    }

    @Override
    public Flux<DataBuffer> read(long offset, long length) {
        IllegalArgumentException outside = info.sliceError(offset, length);
        if (outside != null) {
            return Flux.error(outside);
        }
        if (length == 0) {
            return Flux.empty();
        }
        return DataBufferUtils.takeUntilByteCount(
                        DataBufferUtils.readByteChannel(() -> new PositionedView(channel, offset), bufferFactory, (int)
                                Math.min(bufferSize, length)),
                        length)
                .subscribeOn(io);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // opened for reading only: nothing to lose
        }
    }

    /** Reads from a position onwards without moving the shared channel, and leaves it open when closed. */
    private static final class PositionedView implements ReadableByteChannel {
        private final FileChannel channel;
        private long position;

        PositionedView(FileChannel channel, long position) {
            this.channel = channel;
            this.position = position;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int read = channel.read(dst, position);
            if (read > 0) {
                position += read;
            }
            return read;
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() {
            // the object closes the channel
        }
    }
}
