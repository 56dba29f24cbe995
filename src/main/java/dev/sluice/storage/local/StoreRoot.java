package dev.sluice.storage.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local store's root folder and its state folder, claimed for this process. The root may be any existing
 * folder of files: nothing in it is read, moved or rewritten here. The state folder ({@code <root>/.sluice} or
 * {@code sluice.storage.state-dir}) is created mode 700 and holds the format marker, a lock held for the life of
 * the process (a second Sluice on the same state refuses to start), the metadata index and Sluice's reserved
 * records; the staging folder is in it when it is on the root's filesystem, else in {@code <root>/.sluice/tmp}
 * (publishing must be one rename). Opening removes staged files a crash left behind.
 *
 * <p>All methods block; they run at start-up and shutdown, never on an event loop.
 */
final class StoreRoot implements AutoCloseable {

    static final String META_DIR = ".sluice";
    static final String FORMAT_1 = "sluice-local-store 1";
    static final String FORMAT = "sluice-local-store 2";
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Logger log = LoggerFactory.getLogger(StoreRoot.class);

    private final Path directory;
    private final Path stateDirectory;
    private final Path tempDirectory;
    private final boolean upgradeNeeded;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private StoreRoot(
            Path directory,
            Path stateDirectory,
            Path tempDirectory,
            boolean upgradeNeeded,
            FileChannel lockChannel,
            FileLock lock) {
        this.directory = directory;
        this.stateDirectory = stateDirectory;
        this.tempDirectory = tempDirectory;
        this.upgradeNeeded = upgradeNeeded;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Claims {@code configured} as a store root, creating it (and the state folder) when missing.
     *
     * @param configuredState the state folder, or null for {@code <root>/.sluice}
     * @throws IllegalStateException when the state folder has an unknown format, or another process holds it
     */
    static StoreRoot open(Path configured, @Nullable Path configuredState) {
        try {
            Files.createDirectories(configured);
            Path directory = configured.toRealPath();
            Path state = privateFolder(configuredState == null ? directory.resolve(META_DIR) : configuredState);
            FileChannel lockChannel =
                    FileChannel.open(state.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(lockChannel, directory);
            try {
                boolean upgrade = readFormat(state, directory);
                Path temp =
                        Files.createDirectories(stagingParent(directory, state).resolve("tmp"));
                removeOrphans(temp);
                warnIfLoose(state.resolve("secret"), "rw-------");
                return new StoreRoot(directory, state, temp, upgrade, lockChannel, lock);
            } catch (IOException | RuntimeException e) {
                lock.release();
                lockChannel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open storage root " + configured + ": " + e.getMessage(), e);
        }
    }

    /** The root, as a real path (symbolic links resolved). */
    Path directory() {
        return directory;
    }

    /** Sluice's own folder, as a real path. */
    Path stateDirectory() {
        return stateDirectory;
    }

    /** Where uploads are staged: on the same filesystem as the objects, so that publishing is one rename. */
    Path tempDirectory() {
        return tempDirectory;
    }

    /**
     * Runs {@code upgrade} when the marker said the previous format, then writes the current marker. Call once,
     * before the store serves anything.
     */
    void upgradeIfNeeded(FormatUpgrade upgrade, MetadataStore metadata) {
        if (!upgradeNeeded) {
            return;
        }
        try {
            log.info("Storage root {} is in the trailer format ({}): converting it in place", directory, FORMAT_1);
            upgrade.convert(directory, stateDirectory, metadata);
            writeFormat(stateDirectory);
            log.info("Storage root {} converted to {}", directory, FORMAT);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot convert storage root " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }

    /** Creates the folder mode 700, or warns when an existing one lets others in. */
    private static Path privateFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder);
            setPermissions(folder, OWNER_ONLY_FOLDER);
        } else {
            warnIfLoose(folder, "rwx------");
        }
        return folder.toRealPath();
    }

    /** True when the store is in the previous format and needs converting. */
    private static boolean readFormat(Path state, Path root) throws IOException {
        Path format = state.resolve("format");
        if (!Files.isRegularFile(format, LinkOption.NOFOLLOW_LINKS)) {
            // A trailer-format store keeps its marker in <root>/.sluice whatever the new state folder is: a store
            // first started with sluice.storage.state-dir set elsewhere must still be converted, not served with
            // its trailers. The conversion writes the new marker once it is done.
            Path oldMarker = root.resolve(META_DIR).resolve("format");
            if (!oldMarker.equals(format)
                    && Files.isRegularFile(oldMarker, LinkOption.NOFOLLOW_LINKS)
                    && Files.readString(oldMarker, StandardCharsets.US_ASCII)
                            .strip()
                            .equals(FORMAT_1)) {
                return true;
            }
            // A new store, or an existing folder of files served as it is for the first time.
            writeFormat(state);
            return false;
        }
        String found = Files.readString(format, StandardCharsets.US_ASCII).strip();
        if (found.equals(FORMAT)) {
            return false;
        }
        if (found.equals(FORMAT_1)) {
            return true;
        }
        throw new IllegalStateException("Storage root " + root + " has an unknown format '" + found
                + "'; this Sluice reads '" + FORMAT + "' (and converts '" + FORMAT_1 + "')");
    }

    private static void writeFormat(Path state) throws IOException {
        Path temp = state.resolve("format.tmp");
        Files.writeString(temp, FORMAT + "\n", StandardCharsets.US_ASCII);
        Files.move(temp, state.resolve("format"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The state folder when it shares the root's filesystem, else {@code <root>/.sluice}. */
    private static Path stagingParent(Path root, Path state) throws IOException {
        Object rootDevice = Files.getAttribute(root, "unix:dev");
        if (rootDevice.equals(Files.getAttribute(state, "unix:dev"))) {
            return state;
        }
        Path local = privateFolder(root.resolve(META_DIR));
        log.info(
                "The state folder {} is on another filesystem than the root {}: uploads are staged in {}, so that"
                        + " publishing stays one rename",
                state,
                root,
                local);
        return local;
    }

    private static void warnIfLoose(Path path, String wanted) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return; // no POSIX modes on this filesystem
        }
        Set<PosixFilePermission> others = EnumSet.of(
                PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ,
                PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE);
        others.retainAll(permissions);
        if (!others.isEmpty()) {
            log.warn(
                    "{} is mode {}, readable or writable by other local users; it holds Sluice's private state."
                            + " Run: chmod {} {}",
                    path,
                    PosixFilePermissions.toString(permissions),
                    wanted.startsWith("rwx") ? "700" : "600",
                    path);
        }
    }

    static void setPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (UnsupportedOperationException e) {
            // FAT and some network mounts have no POSIX modes: the mount options decide
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
                    })
                    .count();
        }
        if (removed > 0) {
            log.info("Removed {} orphaned temp file(s) left by an earlier run in {}", removed, temp);
        }
    }
}
