package dev.sluice.storage.local;

import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.StoredObject;
import java.io.IOException;
import java.nio.channels.AsynchronousFileChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;

/** An object file opened once: its version was checked against this channel, and all content comes from it. */
final class LocalStoredObject implements StoredObject {

    private final ObjectInfo info;
    private final AsynchronousFileChannel channel;
    private final SharedFileChannel sharedView;
    private final DataBufferFactory bufferFactory;
    private final int bufferSize;
    private final AtomicBoolean closed = new AtomicBoolean();

    LocalStoredObject(
            ObjectInfo info, AsynchronousFileChannel channel, DataBufferFactory bufferFactory, int bufferSize) {
        this.info = info;
        this.channel = channel;
        this.sharedView = new SharedFileChannel(channel);
        this.bufferFactory = bufferFactory;
        this.bufferSize = bufferSize;
    }

    @Override
    public ObjectInfo info() {
        return info;
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
        int size = (int) Math.min(bufferSize, length);
        // Stop at the slice's end: another program may be appending to this very file.
        return DataBufferUtils.takeUntilByteCount(
                DataBufferUtils.readAsynchronousFileChannel(() -> sharedView, offset, bufferFactory, size), length);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing was written through this channel; a failed close loses nothing.
            }
        }
    }
}
