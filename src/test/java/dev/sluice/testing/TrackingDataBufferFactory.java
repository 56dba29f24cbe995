package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

/**
 * A {@link DataBufferFactory} of unpooled Netty buffers that remembers every buffer it hands out, so that a test can
 * check that each one was released (reference count 0) by whoever the reactive contract says owns it. Slices and
 * splits share their parent's count, so checking the parents covers them too.
 */
public final class TrackingDataBufferFactory implements DataBufferFactory {

    private final NettyDataBufferFactory delegate = new NettyDataBufferFactory(UnpooledByteBufAllocator.DEFAULT);
    private final Queue<NettyDataBuffer> allocated = new ConcurrentLinkedQueue<>();

    @Override
    @Deprecated
    public DataBuffer allocateBuffer() {
        return track(delegate.allocateBuffer());
    }

    @Override
    public DataBuffer allocateBuffer(int initialCapacity) {
        return track(delegate.allocateBuffer(initialCapacity));
    }

    @Override
    public DataBuffer wrap(ByteBuffer byteBuffer) {
        return track(delegate.wrap(byteBuffer));
    }

    @Override
    public DataBuffer wrap(byte[] bytes) {
        return track(delegate.wrap(bytes));
    }

    @Override
    public DataBuffer join(List<? extends DataBuffer> dataBuffers) {
        return track(delegate.join(dataBuffers));
    }

    @Override
    public boolean isDirect() {
        return delegate.isDirect();
    }

    /** How many buffers this factory has handed out. */
    public int allocatedCount() {
        return allocated.size();
    }

    /** The buffers handed out that still hold a reference. */
    public List<DataBuffer> unreleased() {
        return allocated.stream()
                .filter(buffer -> buffer.getNativeBuffer().refCnt() > 0)
                .map(DataBuffer.class::cast)
                .toList();
    }

    /**
     * Asserts that every buffer handed out is released, waiting up to {@code within}: releases after a cancel happen
     * on other threads, a little after the cancel returns.
     */
    public void assertAllReleased(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!unreleased().isEmpty() && System.nanoTime() < deadline) {
            pause();
        }
        assertThat(unreleased())
                .as("buffers still referenced, of %d allocated", allocatedCount())
                .isEmpty();
    }

    private DataBuffer track(DataBuffer buffer) {
        allocated.add((NettyDataBuffer) buffer);
        return buffer;
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for buffers to be released", e);
        }
    }
}
