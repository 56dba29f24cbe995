package dev.sluice.storage.local;

import dev.sluice.storage.local.ObjectTrailer.CorruptObjectException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * Blocking file steps of the trailer-format conversion. Kept apart from the store's own helpers so that the
 * conversion reads the old format with nothing but {@link ObjectTrailer}, whatever the store becomes.
 */
final class ConversionFiles {

    private ConversionFiles() {}

    /**
     * The trailer that ends the file, when it is a complete Sluice object file of the old format: magic, CRC32C and
     * a content size consistent with the file's size. Anything else is empty.
     */
    static Optional<ObjectTrailer> readTrailer(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < ObjectTrailer.SIZE) {
                return Optional.empty();
            }
            ByteBuffer buffer = ByteBuffer.allocate(ObjectTrailer.SIZE);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, size - ObjectTrailer.SIZE + buffer.position()) < 0) {
                    return Optional.empty(); // shrank while reading: not ours to touch
                }
            }
            return Optional.of(ObjectTrailer.decode(buffer.flip(), size));
        } catch (CorruptObjectException e) {
            return Optional.empty();
        }
    }

    /** Truncates {@code file} to {@code size}, without syncing: the caller syncs once its time is set too. */
    static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    /** Syncs a file's data and metadata (its size and times). */
    static void sync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /**
     * Replaces {@code target} with {@code bytes} atomically and durably: a synced temp file beside it, renamed over
     * it, then the folder synced. A crash leaves the old file or the new one (and at most a stray temp file).
     */
    static void replaceAtomically(Path target, byte[] bytes, ConversionCrashPoints crashPoints, String step)
            throws IOException {
        Path temp = temp(target);
        try (FileChannel channel = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        crashPoints.reached(step + "-temp-written");
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(Objects.requireNonNull(target.getParent()));
        crashPoints.reached(step + "-replaced");
    }

    /** The temp file {@link #replaceAtomically} uses for {@code target}. */
    static Path temp(Path target) {
        return target.resolveSibling(target.getFileName() + ".tmp");
    }

    /** Syncs a folder, so that a rename or delete in it survives a crash. */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
