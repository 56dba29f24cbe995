package dev.sluice.storage.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * One upload being staged: a new file in the temp folder, written through an {@link AsynchronousFileChannel} that
 * runs on the store's bounded I/O pool. The SHA-256 and the CRC-32 are computed as the bytes pass, so content is
 * read once; the file holds exactly the content, and its metadata goes to the file's extended attribute before it is
 * published (or, without attributes, to the index at publish time).
 *
 * <p>Until it is {@linkplain #handOver handed over}, an upload can be {@linkplain #abandon abandoned} at any moment
 * by a cancel: before its file is created, while buffers are being written, or after the last one. Whatever it holds
 * then (file, descriptor, buffers) is given back, nothing is created afterwards, and its steps complete empty.
 */
final class TempUpload {

    private final Path tempDirectory;
    /** Buffers handed to the channel writer and not handed back yet (at most one at a time, in practice). */
    private final Set<DataBuffer> writing =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    private final AtomicBoolean abandoned = new AtomicBoolean();
    private @Nullable Path file; // guarded by this
    private @Nullable AsynchronousFileChannel channel; // guarded by this
    private boolean handedOver; // guarded by this

    /** A new upload in {@code tempDirectory}. Creates nothing yet (not even a name, which may block): see open. */
    TempUpload(Path tempDirectory) {
        this.tempDirectory = tempDirectory;
    }

    /** Creates the temp file, unless the upload was abandoned first. Blocking: call on a bounded-elastic thread. */
    synchronized TempUpload open(ExecutorService io) throws IOException {
        if (!abandoned.get()) {
            file = tempDirectory.resolve(UUID.randomUUID() + ".upload");
            channel = AsynchronousFileChannel.open(
                    file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), io);
        }
        return this;
    }

    /**
     * Writes {@code content}; closes the channel; records the metadata on the file; syncs when asked. Releases every buffer of
     * {@code content} once written (DataBufferUtils.write does not). It drops a buffer whose write fails or
     * completes after a cancel: {@link #abandon} releases those, once no write can still read them.
     */
    Mono<LocalStagedObject> write(
            Flux<DataBuffer> content, String contentType, boolean fsync, MetadataStore metadata, Scheduler blocking) {
        AsynchronousFileChannel channel = openChannel();
        if (channel == null) {
            return Mono.empty();
        }
        MessageDigest sha256 = newSha256();
        CRC32 crc32 = new CRC32();
        long[] size = {0};
        Flux<DataBuffer> measured = CoalescedWrites.of(content).handle((buffer, sink) -> {
            writing.add(buffer);
            if (abandoned.get()) {
                if (writing.remove(buffer)) {
                    DataBufferUtils.release(buffer);
                }
                return;
            }
            size[0] += buffer.readableByteCount();
            try (DataBuffer.ByteBufferIterator views = buffer.readableByteBuffers()) {
                while (views.hasNext()) {
                    ByteBuffer view = views.next();
                    crc32.update(view.duplicate());
                    sha256.update(view);
                }
            }
            sink.next(buffer);
        });
        return DataBufferUtils.write(measured, channel, 0)
                .doOnNext(buffer -> {
                    if (writing.remove(buffer)) {
                        DataBufferUtils.release(buffer);
                    }
                })
                .then(Mono.fromCallable(() -> finish(sha256.digest(), crc32.getValue(), contentType, fsync, metadata))
                        .subscribeOn(blocking));
    }

    private synchronized @Nullable LocalStagedObject finish(
            byte[] sha256, long crc32, String contentType, boolean fsync, MetadataStore metadata) throws IOException {
        AsynchronousFileChannel channel = openChannel();
        Path file = this.file;
        if (channel == null || file == null) {
            return null;
        }
        channel.close();
        // The version is read after the last write: setting the attribute and the rename keep inode and mtime.
        ObjectMetadata recorded = new ObjectMetadata(
                ObjectVersion.of(file), contentType, HexFormat.of().formatHex(sha256), crc32);
        boolean onFile = metadata.writeStaged(file, recorded);
        if (fsync) {
            // One sync for content and attribute: fsync commits the inode's extended attributes with its data.
            try (FileChannel sync = FileChannel.open(file, StandardOpenOption.READ)) {
                sync.force(true);
            }
        }
        return new LocalStagedObject(file, recorded, onFile);
    }

    /**
     * Gives the finished file to the caller, who then publishes or discards it through the store; false when the
     * upload was abandoned first.
     */
    synchronized boolean handOver() {
        handedOver = !abandoned.get();
        return handedOver;
    }

    /**
     * Closes the channel, releases the buffers being written and deletes the file, unless the upload was handed
     * over. Blocking; idempotent.
     */
    synchronized void abandon() throws IOException {
        if (handedOver) {
            return;
        }
        abandoned.set(true);
        try {
            if (channel != null) {
                channel.close(); // waits for a write in progress, so its buffer can be released below
            }
        } finally {
            synchronized (writing) {
                writing.forEach(DataBufferUtils::release);
                writing.clear();
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The channel, or null once the upload is abandoned. */
    private synchronized @Nullable AsynchronousFileChannel openChannel() {
        return abandoned.get() ? null : channel;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
