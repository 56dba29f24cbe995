package dev.sluice.storage.local;

import java.time.Duration;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;

/**
 * Joins the small buffers a socket delivers into fewer, larger ones before they are written to a file. A file write
 * per received buffer (often a few KiB) made uploads CPU-bound; one write per up to {@value #MAX_BUFFERS} buffers
 * cuts the number of writes and thread hand-offs accordingly. Buffers are held at most {@link #MAX_WAIT}, so a slow
 * client never makes the server hold more than what it sent in that time, and nothing is preallocated per
 * connection: the joined buffer is allocated when its content is there.
 */
final class CoalescedWrites {

    static final int MAX_BUFFERS = 16;
    static final Duration MAX_WAIT = Duration.ofMillis(2);

    private CoalescedWrites() {}

    /**
     * The same bytes in fewer buffers. Each input buffer is released once copied (or passed on as is when alone);
     * buffers held when the subscription is cancelled or fails are released.
     */
    static Flux<DataBuffer> of(Flux<DataBuffer> content) {
        return content.bufferTimeout(MAX_BUFFERS, MAX_WAIT, true)
                .map(CoalescedWrites::join)
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release);
    }

    private static DataBuffer join(List<DataBuffer> buffers) {
        if (buffers.size() == 1) {
            return buffers.get(0);
        }
        int total = 0;
        for (DataBuffer buffer : buffers) {
            total += buffer.readableByteCount();
        }
        // One contiguous buffer: AsynchronousFileChannel writes one ByteBuffer per call, so a composite buffer would
        // still mean one write per part.
        DataBuffer joined = buffers.get(0).factory().allocateBuffer(total);
        try {
            for (DataBuffer buffer : buffers) {
                joined.write(buffer);
            }
        } catch (RuntimeException e) {
            DataBufferUtils.release(joined);
            throw e;
        } finally {
            buffers.forEach(DataBufferUtils::release);
        }
        return joined;
    }
}
