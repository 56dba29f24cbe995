package dev.sluice.storage.local;

import java.io.IOException;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * One upload being staged: a new file in the temp folder, written through an {@link AsynchronousFileChannel} that
 * runs on the store's bounded I/O pool. The SHA-256 is computed as the bytes pass, so content is read once.
 */
final class TempUpload {

    private final Path file;
    private final AsynchronousFileChannel channel;

    private TempUpload(Path file, AsynchronousFileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Creates the temp file. Blocking: call on a bounded-elastic thread. */
    static TempUpload create(Path tempDirectory, ExecutorService io) throws IOException {
        Path file = tempDirectory.resolve(java.util.UUID.randomUUID() + ".upload");
        AsynchronousFileChannel channel = AsynchronousFileChannel.open(file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), io);
        return new TempUpload(file, channel);
    }

    /**
     * Writes {@code content}, then the trailer; syncs when asked; closes the channel. Releases every buffer of
     * {@code content} once written (DataBufferUtils.write does not).
     */
    Mono<LocalStagedObject> write(Flux<DataBuffer> content, String contentType, boolean fsync,
            Scheduler blocking) {
        MessageDigest sha256 = newSha256();
        long[] size = {0};
        Flux<DataBuffer> measured = content.doOnNext(buffer -> {
            size[0] += buffer.readableByteCount();
            try (DataBuffer.ByteBufferIterator views = buffer.readableByteBuffers()) {
                while (views.hasNext()) {
                    sha256.update(views.next());
                }
            }
        });
        return DataBufferUtils.write(measured, channel, 0)
                .doOnNext(DataBufferUtils::release)
                .then(Mono.fromCallable(() -> finish(size[0], sha256.digest(), contentType, fsync))
                        .subscribeOn(blocking));
    }

    private LocalStagedObject finish(long size, byte[] sha256, String contentType, boolean fsync)
            throws IOException {
        Instant now = Instant.now();
        ObjectTrailer trailer = new ObjectTrailer(size, now.getEpochSecond(), sha256, contentType);
        ObjectFiles.writeFully(channel, trailer.encode(), size);
        if (fsync) {
            channel.force(true);
        }
        channel.close();
        // The file's mtime matches the trailer, so listings can report it from a stat.
        Files.setLastModifiedTime(file, FileTime.from(trailer.lastModifiedEpochSecond(), TimeUnit.SECONDS));
        return new LocalStagedObject(file, trailer);
    }

    /** Closes the channel and deletes the file. Blocking; idempotent. */
    void delete() throws IOException {
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
