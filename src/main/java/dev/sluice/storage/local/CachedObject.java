package dev.sluice.storage.local;

import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.StoredObject;
import java.nio.ByteBuffer;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Flux;

/**
 * A small object served from the {@link SmallObjectCache}: one immutable version in memory, so reading needs no
 * file, no thread hand-off and nothing to close. Each read wraps a slice of the content without copying it.
 */
record CachedObject(SmallObjectCache.Entry entry, DataBufferFactory bufferFactory) implements StoredObject {

    @Override
    public ObjectInfo info() {
        return entry.info();
    }

    @Override
    public Flux<DataBuffer> read(long offset, long length) {
        IllegalArgumentException outside = info().sliceError(offset, length);
        if (outside != null) {
            return Flux.error(outside);
        }
        if (length == 0) {
            return Flux.empty();
        }
        // Read-only: the content is shared by every reader of this version.
        return Flux.defer(
                () -> Flux.just(bufferFactory.wrap(ByteBuffer.wrap(entry.content(), (int) offset, (int) length)
                        .slice()
                        .asReadOnlyBuffer())));
    }

    @Override
    public void close() {
        // nothing held
    }
}
