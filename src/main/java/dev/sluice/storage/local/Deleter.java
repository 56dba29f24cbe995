package dev.sluice.storage.local;

import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.PreconditionFailedException;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Deletes the file at a key once its precondition holds (under the key's lock, like a publish) and forgets its
 * metadata. The file's folder stays, empty or not: folders are real and go only when deleted themselves
 * ({@link LocalFolders}); only under the reserved state folder are folders a delete left empty removed. A symbolic
 * link is not an object, so it is never deleted. Blocking.
 */
final class Deleter {

    private final LocalPaths paths;
    private final KeyLocks locks;
    private final MetadataStore metadata;
    private final SmallObjectCache cache;
    private final boolean fsync;

    Deleter(LocalPaths paths, KeyLocks locks, MetadataStore metadata, SmallObjectCache cache, boolean fsync) {
        this.paths = paths;
        this.locks = locks;
        this.metadata = metadata;
        this.cache = cache;
        this.fsync = fsync;
    }

    void delete(ObjectKey key, Precondition precondition) throws IOException {
        ReentrantLock lock = locks.forKey(key);
        lock.lock();
        try {
            LocalPaths.Located file = paths.walk(key).regularFile();
            if (file == null) {
                throw ObjectReader.notFound(key);
            }
            ObjectInfo current = ObjectMetadata.info(key, file.version(), metadata.read(file.path(), key));
            if (!precondition.test(current)) {
                throw new PreconditionFailedException("The precondition for '" + key + "' does not hold");
            }
            try {
                Files.delete(file.path());
            } catch (NoSuchFileException e) {
                throw ObjectReader.notFound(key); // another program was quicker
            }
            metadata.forget(key);
            cache.invalidate(key);
            // A key has at least one segment, so its file always has a parent inside the root.
            Path folder = Objects.requireNonNull(file.path().getParent());
            if (fsync) {
                Durability.syncDirectory(folder);
            }
            if (key.isReserved()) {
                // Sluice's own records leave no empty folders behind; a user's folder stays until it is deleted.
                pruneEmptyFolders(paths.base(key), folder);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Removes folders left empty by a delete, up to (not including) the base folder. */
    private static void pruneEmptyFolders(Path base, Path folder) throws IOException {
        for (Path dir = folder; dir != null && !dir.equals(base) && dir.startsWith(base); dir = dir.getParent()) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                if (entries.iterator().hasNext()) {
                    return;
                }
            } catch (NoSuchFileException e) {
                continue;
            }
            try {
                Files.delete(dir);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            }
        }
    }
}
