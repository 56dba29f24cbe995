package dev.sluice.storage.local;

import dev.sluice.storage.InvalidKeyException;
import dev.sluice.storage.KeyFolderConflictException;
import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.PreconditionFailedException;
import dev.sluice.storage.WriteResult;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Makes a staged file the object at a key: under the key's lock, reads the current version, tests the
 * precondition, creates missing folders and renames the staged file over the key in one atomic step (the metadata
 * is already in the staged file's extended attribute, or is written to the index first). A reader or a crash sees
 * the old file or the new one. Conditional writes are atomic against every other writer through this process;
 * other programs are not asked for a lock (none of theirs would honour it), so a rename by one of them between the
 * test and the rename wins or loses like any two renames.
 *
 * <p>Blocking: runs on bounded-elastic threads.
 */
final class Publisher {

    private static final int PUBLISH_ATTEMPTS = 5;
    /** Sluice's own records (the session secret, share links) are readable by its user only. */
    private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");

    private final LocalPaths paths;
    private final KeyLocks locks;
    private final MetadataStore metadata;
    private final SmallObjectCache cache;
    private final boolean fsync;

    Publisher(LocalPaths paths, KeyLocks locks, MetadataStore metadata, SmallObjectCache cache, boolean fsync) {
        this.paths = paths;
        this.locks = locks;
        this.metadata = metadata;
        this.cache = cache;
        this.fsync = fsync;
    }

    WriteResult publish(LocalStagedObject staged, ObjectKey key, Precondition precondition) throws IOException {
        for (int attempt = 1; ; attempt++) {
            ReentrantLock lock = locks.forKey(key);
            lock.lock();
            try {
                LocalPaths.Walk walk = paths.walk(key);
                ObjectInfo current = currentForWrite(key, walk);
                if (!precondition.test(current)) {
                    throw new PreconditionFailedException("The precondition for '" + key + "' does not hold");
                }
                Path target = walk.path();
                Path folder = Objects.requireNonNull(target.getParent()); // a key's file is always inside the root
                boolean createdFolders = createFolders(key, folder);
                if (key.isReserved()) {
                    StoreRoot.setPermissions(staged.file(), PRIVATE_FILE);
                }
                ObjectVersion published = move(staged, key, target);
                cache.invalidate(key);
                if (fsync) {
                    syncFolders(paths.base(key), folder, createdFolders);
                }
                return new WriteResult(staged.infoAt(key, published), current == null);
            } catch (NoSuchFileException e) {
                // A concurrent delete pruned a folder between its creation and the rename: create it again.
                if (attempt == PUBLISH_ATTEMPTS || !Files.exists(staged.file())) {
                    throw e;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * The object a writer would replace, or null. A folder at the key is a conflict, empty or not (folders are real);
     * under the reserved state folder an empty one is a leftover that a crash kept from being pruned, and is removed; a file where a folder of the key should
     * be is a conflict too; a symbolic link (or anything else that is not a file) is never replaced.
     */
    private @Nullable ObjectInfo currentForWrite(ObjectKey key, LocalPaths.Walk walk) throws IOException {
        if (walk.folderIsFile()) {
            throw folderConflict(key);
        }
        LocalPaths.Located found = walk.found();
        if (found == null) {
            return null;
        }
        if (found.symbolicLink()) {
            throw new InvalidKeyException("'" + key + "' is a symbolic link; Sluice never replaces or follows one");
        }
        if (found.directory() && !key.isReserved()) {
            throw new KeyFolderConflictException("'" + key + "' is a folder; an object cannot have its name");
        }
        if (found.directory()) {
            try {
                Files.delete(found.path());
            } catch (DirectoryNotEmptyException e) {
                throw new KeyFolderConflictException("'" + key + "' is a folder; an object cannot have its name");
            }
            return null;
        }
        if (!found.regularFile()) {
            throw new KeyFolderConflictException("'" + key + "' is a special file, not an object");
        }
        return ObjectMetadata.info(key, found.version(), metadata.read(found.path(), key));
    }

    /** Renames the staged file to {@code target}; returns the version now there. */
    private ObjectVersion move(LocalStagedObject staged, ObjectKey key, Path target) throws IOException {
        if (!staged.metadataOnFile()) {
            // Before the rename, tied to the staged inode: a crash in between leaves an entry that matches nothing.
            metadata.writeIndex(key, staged.metadata());
        }
        try {
            Files.move(staged.file(), target, StandardCopyOption.ATOMIC_MOVE);
            return staged.metadata().version();
        } catch (AtomicMoveNotSupportedException e) {
            return copyAcross(staged, key, target);
        }
    }

    /**
     * Only for reserved keys when the state folder is on another filesystem than the staging folder: a copy next to
     * the target, synced, then renamed over it. The copy is a new inode, so its metadata is recorded afterwards (a
     * crash in between leaves it unknown, never wrong).
     */
    private ObjectVersion copyAcross(LocalStagedObject staged, ObjectKey key, Path target) throws IOException {
        Path temp = target.resolveSibling("." + UUID.randomUUID() + ".copy");
        try {
            Files.copy(staged.file(), temp);
            if (key.isReserved()) {
                StoreRoot.setPermissions(temp, PRIVATE_FILE);
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.deleteIfExists(staged.file());
        ObjectVersion version = ObjectVersion.of(target);
        metadata.write(key, target, staged.metadata().at(version));
        return version;
    }

    /** Creates the folders of a key; returns whether any was created. */
    private static boolean createFolders(ObjectKey key, Path folder) throws IOException {
        if (Files.isDirectory(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            Files.createDirectories(folder);
            return true;
        } catch (FileAlreadyExistsException e) {
            throw folderConflict(key);
        } catch (FileSystemException e) {
            if (IoErrors.isNotDirectory(e)) {
                throw folderConflict(key);
            }
            throw e;
        }
    }

    private static void syncFolders(Path base, Path folder, boolean createdFolders) throws IOException {
        for (Path dir = folder; dir != null && dir.startsWith(base); dir = dir.getParent()) {
            Durability.syncDirectory(dir);
            if (!createdFolders) {
                return;
            }
        }
    }

    private static KeyFolderConflictException folderConflict(ObjectKey key) {
        return new KeyFolderConflictException(
                "A folder of '" + key + "' is an object; a key cannot be both an object and a folder");
    }
}
