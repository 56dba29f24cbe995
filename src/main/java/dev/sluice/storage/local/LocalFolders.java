package dev.sluice.storage.local;

import dev.sluice.storage.FolderNotEmptyException;
import dev.sluice.storage.FolderSummary;
import dev.sluice.storage.InvalidKeyException;
import dev.sluice.storage.KeyFolderConflictException;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectNotFoundException;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.text.Normalizer;
import java.util.Objects;

/**
 * Folders on local disk are directories: created with their parents, listed whether or not they hold files, and
 * removed only when asked ({@link #delete}). A recursive delete removes everything below the folder, links and
 * files Sluice never listed included (they are in the folder the user deleted), never following a link. Blocking.
 */
final class LocalFolders {

    private final LocalPaths paths;
    private final MetadataStore metadata;
    private final boolean fsync;

    LocalFolders(LocalPaths paths, MetadataStore metadata, boolean fsync) {
        this.paths = paths;
        this.metadata = metadata;
        this.fsync = fsync;
    }

    boolean create(ObjectKey folder) throws IOException {
        LocalPaths.Walk walk = paths.walk(folder);
        if (walk.folderIsFile()) {
            throw parentIsObject(folder);
        }
        LocalPaths.Located found = walk.found();
        if (found != null) {
            if (found.directory()) {
                return false;
            }
            throw new KeyFolderConflictException("'" + folder + "' is an object; a folder cannot have its name");
        }
        createDirectories(folder, walk.path());
        if (fsync) {
            Path base = paths.base(folder);
            for (Path dir = walk.path().getParent(); dir != null && dir.startsWith(base); dir = dir.getParent()) {
                Durability.syncDirectory(dir);
                if (dir.equals(walk.nearestFolder())) {
                    break;
                }
            }
        }
        return true;
    }

    boolean exists(ObjectKey folder) throws IOException {
        try {
            LocalPaths.Located found = paths.walk(folder).found();
            return found != null && found.directory();
        } catch (InvalidKeyException throughLink) {
            return false;
        }
    }

    /** The directory of {@code folder}; {@link ObjectNotFoundException} when there is none. */
    Path directory(ObjectKey folder) throws IOException {
        LocalPaths.Located found = paths.walk(folder).found();
        if (found == null || !found.directory()) {
            throw new ObjectNotFoundException("No folder at '" + folder + "/'");
        }
        return found.path();
    }

    FolderSummary delete(ObjectKey folder, boolean recursive) throws IOException {
        Path directory = directory(folder);
        FolderSummary summary = FolderSummary.EMPTY;
        if (recursive) {
            summary = deleteContent(directory, folder.value() + "/");
        }
        try {
            Files.delete(directory);
        } catch (DirectoryNotEmptyException e) {
            throw new FolderNotEmptyException("'" + folder + "/' is not empty; delete it with recursive=true");
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException("No folder at '" + folder + "/'");
        }
        if (fsync) {
            Durability.syncDirectory(Objects.requireNonNull(directory.getParent()));
        }
        return summary;
    }

    /** Deletes everything below {@code directory}, whose key prefix is {@code prefix}; counts the regular files. */
    private FolderSummary deleteContent(Path directory, String prefix) throws IOException {
        FolderSummary[] summary = {FolderSummary.EMPTY};
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                if (attributes.isRegularFile()) {
                    summary[0] = summary[0].plus(attributes.size());
                    forget(prefix + relative(directory, file));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, @org.jspecify.annotations.Nullable IOException e)
                    throws IOException {
                if (e != null) {
                    throw e;
                }
                if (!dir.equals(directory)) {
                    Files.deleteIfExists(dir);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return summary[0];
    }

    private void forget(String key) throws IOException {
        if (ObjectKey.problemWith(key) == null) {
            metadata.forget(new ObjectKey(key));
        }
    }

    /** The path of {@code file} below {@code directory} as a key suffix: {@code /}-separated, NFC. */
    static String relative(Path directory, Path file) {
        String relative = directory
                .relativize(file)
                .toString()
                .replace(file.getFileSystem().getSeparator(), "/");
        return Normalizer.normalize(relative, Normalizer.Form.NFC);
    }

    /** Creates a folder's directory with its parents; a file on the way is a conflict. */
    static void createDirectories(ObjectKey folder, Path directory) throws IOException {
        try {
            Files.createDirectories(directory);
        } catch (FileAlreadyExistsException e) {
            throw parentIsObject(folder);
        } catch (FileSystemException e) {
            if (IoErrors.isNotDirectory(e)) {
                throw parentIsObject(folder);
            }
            throw e;
        }
    }

    private static KeyFolderConflictException parentIsObject(ObjectKey key) {
        return new KeyFolderConflictException(
                "A folder of '" + key + "' is an object; a key cannot be both an object and a folder");
    }
}
