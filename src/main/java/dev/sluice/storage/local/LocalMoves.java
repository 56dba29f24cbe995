package dev.sluice.storage.local;

import dev.sluice.storage.FolderSummary;
import dev.sluice.storage.InvalidKeyException;
import dev.sluice.storage.KeyFolderConflictException;
import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.Overwrite;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.PreconditionFailedException;
import dev.sluice.storage.TargetExistsException;
import dev.sluice.storage.WriteResult;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Moves on local disk are renames: a file, or a whole folder into a destination that does not exist, moves in one
 * atomic {@code rename(2)}, which keeps the inode, size and modification time, so the metadata in the file's
 * extended attribute (and so the SHA-256, the CRC-32 and the ETag) moves with it. Without attributes the index
 * entries of the new keys are written before the rename and the old ones forgotten after it (a crash in between
 * leaves entries that match nothing, never a wrong one). A folder merged into an existing one ({@link
 * Overwrite#REPLACE}) is checked for clashes first, then moved entry by entry, each entry one rename. Files are moved
 * under both keys' locks, like a publish; a folder's files are not locked one by one (a rename of their folder is
 * atomic for each of them). Blocking.
 */
final class LocalMoves {

    private final LocalPaths paths;
    private final KeyLocks locks;
    private final MetadataStore metadata;
    private final SmallObjectCache cache;
    private final LocalFolders folders;
    private final boolean fsync;

    LocalMoves(
            LocalPaths paths,
            KeyLocks locks,
            MetadataStore metadata,
            SmallObjectCache cache,
            LocalFolders folders,
            boolean fsync) {
        this.paths = paths;
        this.locks = locks;
        this.metadata = metadata;
        this.cache = cache;
        this.folders = folders;
        this.fsync = fsync;
    }

    WriteResult moveFile(ObjectKey from, ObjectKey to, Precondition sourceCondition, Overwrite overwrite)
            throws IOException {
        List<ReentrantLock> held = locks.forKeys(from, to);
        held.forEach(ReentrantLock::lock);
        try {
            LocalPaths.Located source = paths.walk(from).regularFile();
            if (source == null) {
                throw ObjectReader.notFound(from);
            }
            ObjectMetadata stored = metadata.read(source.path(), from);
            ObjectInfo current = ObjectMetadata.info(from, source.version(), stored);
            if (!sourceCondition.test(current)) {
                throw new PreconditionFailedException("The precondition for '" + from + "' does not hold");
            }
            if (from.equals(to)) {
                return new WriteResult(current, false);
            }
            LocalPaths.Walk target = paths.walk(to);
            boolean replaced = checkTarget(to, target, overwrite);
            Path folder = Objects.requireNonNull(target.path().getParent());
            LocalFolders.createDirectories(to, folder);
            if (stored != null && !metadata.usesXattrs()) {
                metadata.writeIndex(to, stored);
            }
            Files.move(source.path(), target.path(), StandardCopyOption.ATOMIC_MOVE);
            metadata.forget(from);
            cache.invalidate(from);
            cache.invalidate(to);
            if (fsync) {
                Durability.syncDirectory(folder);
                Durability.syncDirectory(Objects.requireNonNull(source.path().getParent()));
            }
            return new WriteResult(ObjectMetadata.info(to, source.version(), stored), !replaced);
        } finally {
            held.forEach(ReentrantLock::unlock);
        }
    }

    FolderSummary moveFolder(ObjectKey from, ObjectKey to, Overwrite overwrite) throws IOException {
        refuseIntoItself(from, to);
        Path source = folders.directory(from);
        LocalPaths.Walk target = paths.walk(to);
        if (target.folderIsFile()) {
            throw new KeyFolderConflictException("A folder of '" + to + "' is an object");
        }
        LocalPaths.Located found = target.found();
        if (found != null && !found.directory()) {
            throw new KeyFolderConflictException("'" + to + "' is an object; a folder cannot have its name");
        }
        if (found != null) {
            if (overwrite == Overwrite.NEVER) {
                throw new TargetExistsException("'" + to + "/' exists");
            }
            checkMerge(source, found.path());
            FolderSummary summary = merge(source, found.path(), from.value() + "/", to.value() + "/");
            removeIfEmpty(source);
            return summary;
        }
        Path parent = Objects.requireNonNull(target.path().getParent());
        LocalFolders.createDirectories(to, parent);
        FolderSummary summary = renameTree(source, target.path(), from.value() + "/", to.value() + "/");
        if (fsync) {
            Durability.syncDirectory(parent);
            Durability.syncDirectory(Objects.requireNonNull(source.getParent()));
        }
        return summary;
    }

    /** Refuses a copy whose target is a folder, or is taken when the policy says never. */
    Boolean checkCopyTarget(ObjectKey to, Overwrite overwrite) throws IOException {
        return checkTarget(to, paths.walk(to), overwrite);
    }

    /**
     * The entries a folder copy creates, after checking the destination: not inside the source, not an object, and
     * not an existing folder unless the copy merges into it.
     */
    List<TreeEntry> planCopy(ObjectKey from, ObjectKey to, Overwrite overwrite) throws IOException {
        refuseIntoItself(from, to);
        Path source = folders.directory(from);
        LocalPaths.Walk target = paths.walk(to);
        if (target.folderIsFile()) {
            throw new KeyFolderConflictException("A folder of '" + to + "' is an object");
        }
        LocalPaths.Located found = target.found();
        if (found != null && !found.directory()) {
            throw new KeyFolderConflictException("'" + to + "' is an object; a folder cannot have its name");
        }
        if (found != null && overwrite == Overwrite.NEVER) {
            throw new TargetExistsException("'" + to + "/' exists");
        }
        if (found != null) {
            checkMerge(source, found.path());
        }
        List<TreeEntry> entries = new ArrayList<>();
        entries.add(new TreeEntry("", true, 0));
        entries.addAll(tree(source));
        return entries;
    }

    /** Refuses a folder moved or copied onto itself or into itself. */
    static void refuseIntoItself(ObjectKey from, ObjectKey to) {
        if (to.equals(from) || to.value().startsWith(from.value() + "/")) {
            throw new InvalidKeyException("'" + to + "/' is '" + from + "/' or inside it");
        }
    }

    /** Whether the target, checked against the policy, holds an object that the move replaces. */
    private static boolean checkTarget(ObjectKey to, LocalPaths.Walk target, Overwrite overwrite) {
        if (target.folderIsFile()) {
            throw new KeyFolderConflictException(
                    "A folder of '" + to + "' is an object; a key cannot be both an object and a folder");
        }
        LocalPaths.Located found = target.found();
        if (found == null) {
            return false;
        }
        if (found.symbolicLink()) {
            throw new InvalidKeyException("'" + to + "' is a symbolic link; Sluice never replaces or follows one");
        }
        if (!found.regularFile()) {
            throw new KeyFolderConflictException("'" + to + "' is a folder; an object cannot have its name");
        }
        if (overwrite == Overwrite.NEVER) {
            throw new TargetExistsException("'" + to + "' exists");
        }
        return true;
    }

    /** One rename of a directory tree; index entries re-keyed around it. */
    private FolderSummary renameTree(Path source, Path target, String fromPrefix, String toPrefix) throws IOException {
        List<String> keys = new ArrayList<>();
        FolderSummary summary = visitFiles(source, (relative, size) -> keys.add(relative));
        boolean index = !metadata.usesXattrs();
        if (index) {
            for (String relative : keys) {
                rekey(source.resolve(relative), fromPrefix + relative, toPrefix + relative, false);
            }
        }
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        if (index) {
            for (String relative : keys) {
                forget(fromPrefix + relative);
            }
        }
        return summary;
    }

    /** Refuses a merge that would put a file on a folder, a folder on a file, or replace a link; changes nothing. */
    private static void checkMerge(Path source, Path target) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(source)) {
            for (Path entry : entries) {
                Path other = target.resolve(entry.getFileName().toString());
                Map<String, Object> there = LocalPaths.lstat(other);
                if (there == null) {
                    continue;
                }
                Map<String, Object> here = Objects.requireNonNull(LocalPaths.lstat(entry));
                boolean hereDir = Boolean.TRUE.equals(here.get("isDirectory"));
                boolean thereDir = Boolean.TRUE.equals(there.get("isDirectory"));
                if (Boolean.TRUE.equals(there.get("isSymbolicLink")) || hereDir != thereDir) {
                    throw new KeyFolderConflictException(
                            "'" + entry.getFileName() + "' is a file on one side and a folder on the other");
                }
                if (hereDir) {
                    checkMerge(entry, other);
                }
            }
        }
    }

    private FolderSummary merge(Path source, Path target, String fromPrefix, String toPrefix) throws IOException {
        FolderSummary summary = FolderSummary.EMPTY;
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(source)) {
            stream.forEach(entries::add);
        }
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            String relative = LocalFolders.relative(source, entry);
            Path other = target.resolve(name);
            Map<String, Object> there = LocalPaths.lstat(other);
            Map<String, Object> here = LocalPaths.lstat(entry);
            if (here == null) {
                continue;
            }
            if (Boolean.TRUE.equals(here.get("isDirectory"))) {
                if (there == null) {
                    summary = summary.plus(
                            renameTree(entry, other, fromPrefix + relative + "/", toPrefix + relative + "/"));
                } else {
                    summary = summary.plus(merge(entry, other, fromPrefix + relative + "/", toPrefix + relative + "/"));
                    removeIfEmpty(entry);
                }
            } else {
                boolean file = Boolean.TRUE.equals(here.get("isRegularFile"));
                if (file) {
                    rekey(entry, fromPrefix + relative, toPrefix + relative, true);
                }
                Files.move(entry, other, StandardCopyOption.ATOMIC_MOVE);
                if (file) {
                    forget(fromPrefix + relative);
                    summary = summary.plus(((Number) Objects.requireNonNull(here.get("size"))).longValue());
                }
            }
        }
        if (fsync) {
            Durability.syncDirectory(target);
            Durability.syncDirectory(source);
        }
        return summary;
    }

    /** Writes the index entry of the file's new key (and drops cached copies) before it is renamed there. */
    private void rekey(Path file, String fromKey, String toKey, boolean invalidate) throws IOException {
        if (ObjectKey.problemWith(fromKey) != null || ObjectKey.problemWith(toKey) != null) {
            return;
        }
        ObjectKey oldKey = new ObjectKey(fromKey);
        ObjectKey newKey = new ObjectKey(toKey);
        if (invalidate) {
            cache.invalidate(oldKey);
            cache.invalidate(newKey);
        }
        if (metadata.usesXattrs()) {
            return;
        }
        ObjectMetadata stored = metadata.read(file, oldKey);
        if (stored != null) {
            metadata.writeIndex(newKey, stored);
        }
    }

    private void forget(String key) throws IOException {
        if (!metadata.usesXattrs() && ObjectKey.problemWith(key) == null) {
            metadata.forget(new ObjectKey(key));
        }
    }

    private static void removeIfEmpty(Path folder) throws IOException {
        try {
            Files.delete(folder);
        } catch (DirectoryNotEmptyException | NoSuchFileException e) {
            // something arrived meanwhile, or another program removed it: either is fine
        }
    }

    /** What the visitor of {@link #visitFiles} receives for each regular file. */
    @FunctionalInterface
    interface FileVisitor {
        void visit(String relative, long size) throws IOException;
    }

    /** Visits the regular files below {@code directory} (never through a link); sums them up. */
    static FolderSummary visitFiles(Path directory, FileVisitor visitor) throws IOException {
        FolderSummary[] summary = {FolderSummary.EMPTY};
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()) {
                    summary[0] = summary[0].plus(attributes.size());
                    visitor.visit(LocalFolders.relative(directory, file), attributes.size());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return summary[0];
    }

    /** One entry of a folder tree to copy: a folder (ending in {@code /}) or a file, relative to the folder. */
    record TreeEntry(String relative, boolean folder, long size) {}

    /** The folders and regular files below {@code directory}, parents before children (blocking). */
    static List<TreeEntry> tree(Path directory) throws IOException {
        List<TreeEntry> entries = new ArrayList<>();
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                if (!dir.equals(directory)) {
                    entries.add(new TreeEntry(LocalFolders.relative(directory, dir), true, 0));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) {
                    entries.add(new TreeEntry(LocalFolders.relative(directory, file), false, attributes.size()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return entries;
    }

    static @Nullable ObjectKey validKey(String value) {
        return ObjectKey.problemWith(value) == null ? new ObjectKey(value) : null;
    }
}
