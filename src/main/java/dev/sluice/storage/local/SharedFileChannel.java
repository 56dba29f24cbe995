package dev.sluice.storage.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.FileLock;
import java.util.concurrent.Future;

/**
 * A view of an open channel whose {@code close()} does nothing. {@code DataBufferUtils.readAsynchronousFileChannel}
 * closes its channel when each read completes; a multi-range response reads several slices of one open file, and
 * the file must stay open (and be the same version) until the last slice is sent. The owner closes the real
 * channel.
 */
final class SharedFileChannel extends AsynchronousFileChannel {

    private final AsynchronousFileChannel channel;

    SharedFileChannel(AsynchronousFileChannel channel) {
        this.channel = channel;
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public AsynchronousFileChannel truncate(long size) throws IOException {
        throw new UnsupportedOperationException("read-only view");
    }

    @Override
    public void force(boolean metaData) throws IOException {
        throw new UnsupportedOperationException("read-only view");
    }

    @Override
    public <A> void lock(
            long position, long size, boolean shared, A attachment, CompletionHandler<FileLock, ? super A> handler) {
        throw new UnsupportedOperationException("read-only view");
    }

    @Override
    public Future<FileLock> lock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException("read-only view");
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException("read-only view");
    }

    @Override
    public <A> void read(ByteBuffer dst, long position, A attachment, CompletionHandler<Integer, ? super A> handler) {
        channel.read(dst, position, attachment, handler);
    }

    @Override
    public Future<Integer> read(ByteBuffer dst, long position) {
        return channel.read(dst, position);
    }

    @Override
    public <A> void write(ByteBuffer src, long position, A attachment, CompletionHandler<Integer, ? super A> handler) {
        throw new UnsupportedOperationException("read-only view");
    }

    @Override
    public Future<Integer> write(ByteBuffer src, long position) {
        throw new UnsupportedOperationException("read-only view");
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        // The owner (LocalStoredObject) closes the real channel.
    }
}
