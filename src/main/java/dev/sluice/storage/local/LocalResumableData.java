package dev.sluice.storage.local;

import dev.sluice.storage.ResumableData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The content of resumable uploads on local disk: one plain file per upload, {@code <state>/upload-data/<name>},
 * on the same filesystem as the root (the staging folder's parent), so that publishing it is the same single
 * rename as for any staged upload. The token is empty: the file and the saved offset say everything. Chunks are
 * written at their offset through an {@link AsynchronousFileChannel} on the store's I/O pool and synced before the
 * append completes (when {@code fsync} is on); bytes beyond the saved offset are overwritten by the next append
 * and cut off by {@link #seal}. Directory work runs on the bounded-elastic scheduler.
 */
final class LocalResumableData implements ResumableData {

    private static final Pattern NAME = Pattern.compile("[0-9a-f]{8,64}");
    private static final int READ_BUFFER = 64 * 1024;

    private final Path directory;
    private final MetadataStore metadata;
    private final ExecutorService io;
    private final Scheduler blocking;
    private final DataBufferFactory buffers;
    private final boolean fsync;

    LocalResumableData(
            Path directory,
            MetadataStore metadata,
            ExecutorService io,
            Scheduler blocking,
            DataBufferFactory buffers,
            boolean fsync) {
        this.directory = directory;
        this.metadata = metadata;
        this.io = io;
        this.blocking = blocking;
        this.buffers = buffers;
        this.fsync = fsync;
    }

    /** A local root is locked by the one process that opened it ({@code StoreRoot}). */
    @Override
    public boolean singleProcess() {
        return true;
    }

    @Override
    public Mono<String> create(String name) {
        return blocking(() -> {
            Files.createDirectories(directory);
            Files.createFile(file(name));
            return "";
        });
    }

    @Override
    public Mono<Appended> append(
            String name, String token, long offset, Flux<DataBuffer> chunk, Consumer<ByteBuffer> observer) {
        Path file = file(name);
        return Mono.usingWhen(
                blocking(() -> AsynchronousFileChannel.open(file, Set.of(StandardOpenOption.WRITE), io)),
                channel -> {
                    long[] written = {0};
                    EarlySync early = new EarlySync(channel);
                    // Joined into fewer, larger writes, as for every upload (CoalescedWrites).
                    Flux<DataBuffer> observed = CoalescedWrites.of(chunk).doOnNext(buffer -> {
                        written[0] += buffer.readableByteCount();
                        try (DataBuffer.ByteBufferIterator views = buffer.readableByteBuffers()) {
                            views.forEachRemaining(observer);
                        }
                    });
                    // DataBufferUtils.write(Publisher, channel) does not release: each buffer once written.
                    return DataBufferUtils.write(observed, channel, offset)
                            .doOnNext(buffer -> {
                                if (fsync) {
                                    early.wrote(buffer.readableByteCount());
                                }
                                DataBufferUtils.release(buffer);
                            })
                            .then(blocking(() -> {
                                if (fsync) {
                                    early.await();
                                    channel.force(false);
                                }
                                return new Appended(written[0], token);
                            }));
                },
                channel -> blocking(() -> {
                    channel.close();
                    return "";
                }));
    }

    /**
     * Syncs a chunk's bytes while the chunk still streams, every {@link #EVERY} bytes and one sync at a time, on the
     * store's I/O pool: the disk writes while the network delivers, and the sync that acknowledges the chunk finds
     * little left to write (a 50 MiB chunk otherwise waits some 40 ms for its sync at the end, with nothing
     * arriving meanwhile). Only the final sync counts for durability; these only move its work earlier.
     */
    private final class EarlySync {

        private static final long EVERY = 8L * 1024 * 1024;

        private final AsynchronousFileChannel channel;
        private long unsynced;
        private @Nullable Future<?> running;

        EarlySync(AsynchronousFileChannel channel) {
            this.channel = channel;
        }

        /** After a write completed; called one at a time (the writes are sequential). */
        synchronized void wrote(long bytes) {
            unsynced += bytes;
            if (unsynced < EVERY || (running != null && !running.isDone())) {
                return;
            }
            unsynced = 0;
            running = io.submit(() -> {
                try {
                    channel.force(false);
                } catch (IOException ignored) {
                    // the final sync reports what matters
                }
            });
        }

        /** Waits for a sync in flight (blocking: on the bounded-elastic scheduler). */
        void await() throws InterruptedException {
            Future<?> last;
            synchronized (this) {
                last = running;
            }
            if (last != null) {
                try {
                    last.get();
                } catch (ExecutionException ignored) {
                    // the final sync reports what matters
                }
            }
        }
    }

    @Override
    public Mono<Sealed> seal(String name, String token, long size, String sha256, long crc32, String contentType) {
        return blocking(() -> {
            Path file = file(name);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                if (channel.size() > size) {
                    channel.truncate(size);
                }
            }
            ObjectMetadata recorded = new ObjectMetadata(ObjectVersion.of(file), contentType, sha256, crc32);
            boolean onFile = metadata.writeStaged(file, recorded);
            if (fsync) {
                try (FileChannel sync = FileChannel.open(file, StandardOpenOption.READ)) {
                    sync.force(true);
                }
            }
            return new Sealed(new LocalStagedObject(file, recorded, onFile), token);
        });
    }

    @Override
    public Flux<DataBuffer> read(String name, String token, long size) {
        Path file = file(name);
        return DataBufferUtils.readAsynchronousFileChannel(
                        () -> AsynchronousFileChannel.open(file, Set.of(StandardOpenOption.READ), io),
                        buffers,
                        READ_BUFFER)
                .subscribeOn(blocking)
                .transform(content -> DataBufferUtils.takeUntilByteCount(content, size));
    }

    @Override
    public Mono<Void> remove(String name, String token) {
        return blocking(() -> Files.deleteIfExists(file(name))).then();
    }

    private Path file(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an upload name: " + name);
        }
        return directory.resolve(name);
    }

    private <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(blocking).onErrorMap(IoErrors::translate);
    }
}
