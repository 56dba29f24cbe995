package dev.sluice.storage.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local store's root directory, claimed for this process: it carries a format marker, a lock held for the
 * life of the process (so a second Sluice on the same root refuses to start), and the private temp folder where
 * uploads are staged. Opening it removes orphaned temp files left by a crash; it touches nothing else.
 *
 * <p>All methods block; they run at start-up and shutdown, never on an event loop.
 */
final class StoreRoot implements AutoCloseable {

    static final String META_DIR = ".sluice";
    private static final String FORMAT = "sluice-local-store 1\n";
    private static final Logger log = LoggerFactory.getLogger(StoreRoot.class);

    private final Path directory;
    private final Path tempDirectory;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private StoreRoot(Path directory, Path tempDirectory, FileChannel lockChannel, FileLock lock) {
        this.directory = directory;
        this.tempDirectory = tempDirectory;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Claims {@code configured} as a store root, creating it when missing.
     *
     * @throws IllegalStateException when the directory is not empty and not a Sluice store, or another process
     *     holds it
     */
    static StoreRoot open(Path configured) {
        try {
            Files.createDirectories(configured);
            Path directory = configured.toRealPath();
            Path meta = directory.resolve(META_DIR);
            Path format = meta.resolve("format");
            if (Files.isRegularFile(format)) {
                String found = Files.readString(format, StandardCharsets.US_ASCII);
                if (!FORMAT.equals(found)) {
                    throw new IllegalStateException("Storage root " + directory + " has an unknown format '"
                            + found.strip() + "'; this Sluice reads '" + FORMAT.strip() + "'");
                }
            } else {
                if (!isEmpty(directory)) {
                    throw new IllegalStateException("Storage root " + directory + " is not empty and is not a"
                            + " Sluice store (no " + META_DIR + "/format). Point sluice.storage.root at an empty or"
                            + " new directory; Sluice will not take over existing files.");
                }
                Files.createDirectories(meta);
                Files.writeString(format, FORMAT, StandardCharsets.US_ASCII);
            }
            FileChannel lockChannel = FileChannel.open(meta.resolve("lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(lockChannel, directory);
            Path temp = Files.createDirectories(meta.resolve("tmp"));
            removeOrphans(temp);
            return new StoreRoot(directory, temp, lockChannel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open storage root " + configured + ": " + e.getMessage(), e);
        }
    }

    /** The root, as a real path (symbolic links resolved). */
    Path directory() {
        return directory;
    }

    /** Where uploads are staged: on the same filesystem as the objects, so that publishing is one rename. */
    Path tempDirectory() {
        return tempDirectory;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }

    private static FileLock tryLock(FileChannel channel, Path directory) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("Storage root " + directory + " is in use by another Sluice process");
        }
        return lock;
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            return !entries.iterator().hasNext();
        }
    }

    private static void removeOrphans(Path temp) throws IOException {
        long removed;
        try (Stream<Path> orphans = Files.list(temp)) {
            removed = orphans.filter(path -> {
                try {
                    return Files.deleteIfExists(path);
                } catch (IOException e) {
                    log.warn("Cannot remove orphaned temp file {}: {}", path, e.getMessage());
                    return false;
                }
            }).count();
        }
        if (removed > 0) {
            log.info("Removed {} orphaned temp file(s) left by an earlier run in {}", removed, temp);
        }
    }
}
