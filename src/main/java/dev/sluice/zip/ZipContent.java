package dev.sluice.zip;

import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;

/**
 * Where a file entry's bytes come from: a byte range of its content, as the store's
 * {@code StoredObject.read(offset, length)} offers it.
 */
@FunctionalInterface
public interface ZipContent {

    /**
     * Reads {@code length} bytes of the entry's content from {@code offset}. Lazy until subscribed; may be subscribed
     * more than once (each range of an archive is read on its own). The subscriber owns the emitted buffers: the ZIP
     * writer passes them on to its own subscriber, or releases them when it fails or is cancelled. A source that
     * delivers more or fewer bytes than asked fails the archive with a {@link ZipContentException}.
     */
    Flux<DataBuffer> read(long offset, long length);
}
