package dev.sluice.storage.local;

import dev.sluice.storage.InvalidKeyException;
import dev.sluice.storage.ObjectKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Maps keys to paths under the root and checks, on every operation, that the real path stays inside it, so that a
 * symbolic link placed inside the root cannot lead reads or writes elsewhere. {@link ObjectKey} already forbids
 * {@code ..} and absolute forms; this is the second line. Methods that touch the filesystem block.
 */
final class LocalPaths {

    private final Path root;

    LocalPaths(Path realRoot) {
        this.root = realRoot;
    }

    Path root() {
        return root;
    }

    /** The path of {@code key}, lexically under the root. Pure: touches no file. */
    Path pathOf(ObjectKey key) {
        return root.resolve(key.value());
    }

    /** The folder path for a prefix's folder part ({@code a/b/} maps to {@code root/a/b}). Pure. */
    Path folderOf(String folderPrefix) {
        return folderPrefix.isEmpty() ? root : root.resolve(folderPrefix.substring(0, folderPrefix.length() - 1));
    }

    /**
     * Resolves symbolic links in an existing {@code path} and checks that the result is inside the root.
     *
     * @throws java.nio.file.NoSuchFileException when the path does not exist
     * @throws InvalidKeyException when it leads outside the root
     */
    Path realPathInside(Path path) throws IOException {
        Path real = path.toRealPath();
        if (!real.startsWith(root)) {
            throw new InvalidKeyException("the key leads outside the storage root through a symbolic link");
        }
        return real;
    }

    /**
     * Checks that the nearest existing folder above {@code path} is really inside the root, before a writer creates
     * folders on the way to {@code path} or removes an empty folder at it: through a symbolic link to a folder
     * outside, either would otherwise happen outside the root before any later check could refuse the key.
     *
     * @throws InvalidKeyException when that folder leads outside the root
     */
    void checkNearestFolderInside(Path path) throws IOException {
        Path folder = path.getParent();
        while (folder != null && !Files.exists(folder)) {
            folder = folder.getParent();
        }
        if (folder != null) {
            realPathInside(folder);
        }
    }
}
