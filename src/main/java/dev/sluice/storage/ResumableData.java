package dev.sluice.storage;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An optional capability of a store: the content of resumable uploads (tus), written in chunks over many requests,
 * possibly on several instances, then handed to {@link ObjectStore#publish} as a {@link StagedObject}. The store only
 * moves bytes; what an upload is (its offset, length, owner, digests, lease) is the caller's record, which keeps
 * the store's {@link #create token} beside the offset and saves both in one atomic write.
 *
 * <p>The one rule that makes uploads resumable: an {@link #append} never harms the bytes below the offset it was
 * given, nor what the token it was given describes. Bytes it writes above that offset count only once the caller
 * has saved the new offset and token; until then (a crash, a checksum mismatch, a lost lease) they are garbage that
 * the next append overwrites and {@link #seal} cuts off. Every method is lazy until subscribed and never blocks.
 */
public interface ResumableData {

    /** Creates the empty content of upload {@code name}; emits the token that describes it. */
    Mono<String> create(String name);

    /**
     * Writes {@code chunk} at {@code offset} of upload {@code name}, handing each byte to {@code observer} in order
     * as it becomes part of the content, and makes what was written durable before it completes. Releases every
     * buffer of {@code chunk}. A chunk that ends early (the caller ends it on a cut connection) is written up to
     * where it ended. Fails, with nothing to save, if a write fails.
     *
     * @param token the token saved with {@code offset}
     */
    Mono<Appended> append(
            String name, String token, long offset, Flux<DataBuffer> chunk, Consumer<ByteBuffer> observer);

    /**
     * Completes upload {@code name} of {@code size} bytes (its saved offset) into a staged object carrying the
     * given digests and content type, ready for {@link ObjectStore#publish} or {@link #read}. May be called again
     * after a crash with the token it returned or the one before.
     */
    Mono<Sealed> seal(String name, String token, long size, String sha256, long crc32, String contentType);

    /** The content of a sealed upload ({@code size} bytes); the subscriber releases the buffers. */
    Flux<DataBuffer> read(String name, String token, long size);

    /** Removes what upload {@code name} holds (whatever its state; a sealed one's staged content too). Idempotent. */
    Mono<Void> remove(String name, String token);

    /**
     * Removes what {@code previous} held that {@code current} no longer needs, once {@code current} is saved.
     * Failures are ignored: {@link #remove} takes what is left.
     */
    default Mono<Void> release(String name, String previous, String current) {
        return Mono.empty();
    }

    /**
     * Whether this process is the store's only user (a local root is locked by the process that opened it), so
     * that a lease on an upload left by an earlier process is known to be dead and need not run out.
     */
    default boolean singleProcess() {
        return false;
    }

    /**
     * What an append wrote.
     *
     * @param written bytes written from the offset on
     * @param token the token to save with the new offset
     */
    record Appended(long written, String token) {}

    /**
     * A sealed upload.
     *
     * @param staged the content, ready to publish; consumed by publishing it
     * @param token the token to save, should the upload be kept (a partial upload to concatenate later)
     */
    record Sealed(StagedObject staged, String token) {}
}
