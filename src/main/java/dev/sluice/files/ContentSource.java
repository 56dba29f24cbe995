package dev.sluice.files;

import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.StoredObject;
import io.netty.channel.DefaultFileRegion;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/** Where a download's bytes come from, once the object is open: the two body paths of {@link DownloadResponder}. */
sealed interface ContentSource permits ContentSource.Streamed, ContentSource.ZeroCopy {

    /** How the store chose to serve {@code object}: its open file when it offers one, else its stream. */
    static ContentSource of(StoredObject object) {
        return object.fileChannel() != null ? new ZeroCopy(object) : new Streamed(object);
    }

    ObjectInfo info();

    /**
     * Writes bytes {@code offset} to {@code offset + length} as the whole body, then closes the source, telling
     * {@code progress} how many bytes went out.
     */
    Mono<Void> send(ServerHttpResponse response, long offset, long length, LongConsumer progress);

    /** Releases the open object when no body will be sent. Idempotent. */
    void close();

    /** Buffers read through the store ({@code AsynchronousFileChannel} for local files). */
    record Streamed(StoredObject object) implements ContentSource {

        /** Bodies up to this size are joined into one buffer (bounded memory: at most this much per response). */
        static final long SINGLE_WRITE_MAX = 64 * 1024;

        @Override
        public ObjectInfo info() {
            return object.info();
        }

        Flux<DataBuffer> read(long offset, long length) {
            return object.read(offset, length);
        }

        @Override
        public Mono<Void> send(ServerHttpResponse response, long offset, long length, LongConsumer progress) {
            if (length <= SINGLE_WRITE_MAX) {
                // A small body as one buffer in a Mono: Reactor Netty then sends status, headers and body as one
                // full response in a single socket write, where a Flux body costs a write for the headers and
                // another for the body (measured with strace on 4 KiB GETs: two sendto calls per request).
                return response.writeWith(DataBufferUtils.join(object.read(offset, length))
                        .doOnNext(buffer -> progress.accept(buffer.readableByteCount()))
                        .doFinally(signal -> object.close()));
            }
            return response.writeWith(object.read(offset, length)
                    .doOnNext(buffer -> progress.accept(buffer.readableByteCount()))
                    .doFinally(signal -> object.close()));
        }

        @Override
        public void close() {
            object.close();
        }
    }

    /**
     * A file region of the channel the object was opened with, sent by {@code sendfile}: no copy through the heap
     * and no read thread. Spring's own zero-copy API takes a path and opens it again (on the event loop), which
     * could send a newer version under the headers of this one; so Spring commits the status and headers, and the
     * region of the already-open channel follows through the Reactor Netty response.
     */
    record ZeroCopy(StoredObject file) implements ContentSource {

        static boolean supports(ServerHttpResponse response) {
            try {
                return ServerHttpResponseDecorator.getNativeResponse(response) instanceof HttpServerResponse;
            } catch (IllegalArgumentException notReactorNetty) {
                return false;
            }
        }

        @Override
        public ObjectInfo info() {
            return file.info();
        }

        @Override
        public Mono<Void> send(ServerHttpResponse response, long offset, long length, LongConsumer progress) {
            if (length == 0) {
                file.close();
                return response.setComplete();
            }
            HttpServerResponse connection = ServerHttpResponseDecorator.getNativeResponse(response);
            // The region owns the channel from here: Netty closes it when the region is released after writing.
            DefaultFileRegion region = new DefaultFileRegion(
                    java.util.Objects.requireNonNull(file.fileChannel(), "chosen for its file"), offset, length);
            AtomicBoolean handedOver = new AtomicBoolean();
            return response.writeWith(Flux.empty())
                    .then(Mono.defer(() -> {
                        handedOver.set(true);
                        return connection.sendObject(Mono.just(region)).then();
                    }))
                    .doFinally(signal -> {
                        if (handedOver.get()) {
                            progress.accept(region.transferred());
                        } else {
                            region.release();
                        }
                    });
        }

        @Override
        public void close() {
            file.close();
        }
    }
}
