package dev.sluice.storage.local;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sluice.storage.ObjectKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes the SHA-256 and CRC-32 of files Sluice did not write (or that changed since), off the request path, and
 * remembers them for that version. One thread with a bounded queue: a request never waits for it (a full queue
 * drops the job; the next request asks again), at most one job per version is ever queued or run, and a download
 * never waits for a hash (until the hash is known it is served with a version-derived ETag and no digest).
 *
 * <p>A job opens the file, checks that it is still the version it was asked for, reads it through, and records the
 * result only if the file is still that version afterwards; the record carries the version, so a file replaced in
 * the meantime can never receive another version's digest.
 */
final class BackgroundHasher implements AutoCloseable {

    private static final int QUEUE = 1024;
    private static final int CHUNK = 256 * 1024;
    private static final Logger log = LoggerFactory.getLogger(BackgroundHasher.class);

    private final MetadataStore metadata;
    private final ThreadPoolExecutor executor;
    /** Versions queued or hashed already: "at most once per version" (bounded; an evicted one may be hashed again). */
    private final Cache<String, Boolean> seen =
            Caffeine.newBuilder().maximumSize(100_000).executor(Runnable::run).build();

    BackgroundHasher(MetadataStore metadata) {
        this.metadata = metadata;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), runnable -> {
            Thread thread = new Thread(runnable, "sluice-hasher");
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        });
    }

    /** Asks for the digests of {@code file}, now at {@code version}; returns at once. Callable from any thread but an event loop (the queue may lock). */
    void request(ObjectKey key, Path file, ObjectVersion version, String contentType) {
        String id = key.value() + "\n" + version.tag();
        if (seen.asMap().putIfAbsent(id, Boolean.TRUE) != null) {
            return;
        }
        try {
            executor.execute(() -> hash(key, file, version, contentType));
        } catch (RejectedExecutionException full) {
            seen.invalidate(id); // asked again by a later request
        }
    }

    private void hash(ObjectKey key, Path file, ObjectVersion version, String contentType) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (channel.size() != version.size() || !ObjectVersion.of(file).equals(version)) {
                return;
            }
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            CRC32 crc32 = new CRC32();
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            long position = 0;
            while (position < version.size()) {
                buffer.clear();
                int read = channel.read(buffer, position);
                if (read < 0) {
                    return; // shrank: another version now
                }
                buffer.flip();
                crc32.update(buffer.duplicate());
                sha256.update(buffer);
                position += read;
            }
            if (!ObjectVersion.of(file).equals(version)) {
                return;
            }
            metadata.write(
                    key,
                    file,
                    new ObjectMetadata(
                            version, contentType, HexFormat.of().formatHex(sha256.digest()), crc32.getValue()));
        } catch (IOException e) {
            log.debug("Cannot hash {}: {}", file, e.toString());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Jobs queued or running, for tests. */
    int backlog() {
        return executor.getQueue().size() + executor.getActiveCount();
    }

    /** Stops hashing and waits (a few seconds at most) for a job in progress, so nothing is written after close. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("The background hasher did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
