package dev.sluice.storage.local;

import dev.sluice.storage.InvalidKeyException;
import dev.sluice.storage.ObjectKey;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps keys to files: {@code a/b.txt} is {@code <root>/a/b.txt}; reserved keys ({@code .sluice/x}) live in the
 * state folder ({@code <state>/x}). Every lookup walks the key one segment at a time with {@code lstat}, never
 * following a symbolic link: a link anywhere on the way is refused ({@link InvalidKeyException}) and a link at the
 * key itself is not an object. So nothing outside the root is ever reached, whatever links the root holds.
 * {@link ObjectKey} already forbids {@code ..} and absolute forms; this is the second line.
 *
 * <p>Keys are NFC. A segment that is not on disk under its NFC name is looked up under its NFD name too (what macOS
 * writes), so a file copied from a Mac is found by its key; new files and folders get NFC names.
 *
 * <p>Methods that touch the filesystem block.
 */
final class LocalPaths {

    private static final String LSTAT = "unix:ino,size,lastModifiedTime,isRegularFile,isDirectory,isSymbolicLink";

    private final Path root;
    private final Path stateDir;

    LocalPaths(Path realRoot, Path realStateDir) {
        this.root = realRoot;
        this.stateDir = realStateDir;
    }

    Path root() {
        return root;
    }

    Path stateDir() {
        return stateDir;
    }

    /** The folder that holds {@code key}'s tree: the root, or the state folder for reserved keys. Pure. */
    Path base(ObjectKey key) {
        return key.isReserved() ? stateDir : root;
    }

    /** The key's segments below {@link #base}. Pure. */
    static List<String> segmentsBelowBase(ObjectKey key) {
        List<String> segments = key.segments();
        return key.isReserved() ? segments.subList(1, segments.size()) : segments;
    }

    /** The folder for a listing's folder part ({@code a/b/}), mapped like keys. Pure. */
    Path folderOf(String folderPrefix) {
        String reserved = ObjectKey.RESERVED_SEGMENT + "/";
        if (folderPrefix.startsWith(reserved)) {
            String rest = folderPrefix.substring(reserved.length());
            return rest.isEmpty() ? stateDir : stateDir.resolve(rest.substring(0, rest.length() - 1));
        }
        return folderPrefix.isEmpty() ? root : root.resolve(folderPrefix.substring(0, folderPrefix.length() - 1));
    }

    /** The key of a file under the root (NFC). Used for files found on disk, such as converted ones. */
    ObjectKey keyOf(Path file) {
        Path real = file.toAbsolutePath().normalize();
        if (real.startsWith(stateDir)) {
            return ObjectKey.reserved(
                    Normalizer.normalize(stateDir.relativize(real).toString(), Normalizer.Form.NFC));
        }
        if (!real.startsWith(root)) {
            throw new InvalidKeyException("not under the storage root: " + file);
        }
        return new ObjectKey(Normalizer.normalize(root.relativize(real).toString(), Normalizer.Form.NFC));
    }

    /**
     * Walks {@code key} on disk. Blocking.
     *
     * @throws InvalidKeyException when a folder on the way is a symbolic link
     */
    Walk walk(ObjectKey key) throws IOException {
        List<String> segments = segmentsBelowBase(key);
        Path at = base(key);
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            Path candidate = at.resolve(segment);
            Map<String, Object> attributes = lstat(candidate);
            if (attributes == null) {
                String nfd = Normalizer.normalize(segment, Normalizer.Form.NFD);
                if (!nfd.equals(segment)) {
                    Path decomposed = at.resolve(nfd);
                    Map<String, Object> found = lstat(decomposed);
                    if (found != null) {
                        candidate = decomposed;
                        attributes = found;
                    }
                }
            }
            if (attributes == null) {
                Path missing = candidate;
                for (String rest : segments.subList(i + 1, segments.size())) {
                    missing = missing.resolve(rest);
                }
                return new Walk(missing, null, at, false);
            }
            if (last) {
                return new Walk(candidate, new Located(candidate, attributes), at, false);
            }
            if (Boolean.TRUE.equals(attributes.get("isSymbolicLink"))) {
                throw new InvalidKeyException("the key leads through a symbolic link, which Sluice never follows");
            }
            if (!Boolean.TRUE.equals(attributes.get("isDirectory"))) {
                Path blocked = candidate;
                for (String rest : segments.subList(i + 1, segments.size())) {
                    blocked = blocked.resolve(rest);
                }
                return new Walk(blocked, null, at, true);
            }
            at = candidate;
        }
        throw new IllegalStateException("a key has at least one segment");
    }

    /** {@code stat} without following a link; null when nothing is there (or a folder on the way is a file). */
    static @Nullable Map<String, Object> lstat(Path path) throws IOException {
        try {
            return Files.readAttributes(path, LSTAT, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (FileSystemException e) {
            if (IoErrors.isNotDirectory(e)) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Where a key is on disk.
     *
     * @param path the file's path: existing names as found (NFC or NFD), NFC names beyond them
     * @param found what is at the key, or null when nothing is
     * @param nearestFolder the deepest existing folder on the way (checked not to be a link)
     * @param folderIsFile whether a folder of the key is a file (so the key cannot exist)
     */
    record Walk(Path path, @Nullable Located found, Path nearestFolder, boolean folderIsFile) {

        /** The regular file at the key, or null (nothing, a folder, a link, a device...). */
        @Nullable
        Located regularFile() {
            return found != null && found.regularFile() ? found : null;
        }
    }

    /** What an {@code lstat} saw at a path. */
    record Located(Path path, Map<String, Object> attributes) {

        boolean regularFile() {
            return Boolean.TRUE.equals(attributes.get("isRegularFile"));
        }

        boolean directory() {
            return Boolean.TRUE.equals(attributes.get("isDirectory"));
        }

        boolean symbolicLink() {
            return Boolean.TRUE.equals(attributes.get("isSymbolicLink"));
        }

        ObjectVersion version() {
            return ObjectVersion.of(attributes);
        }
    }
}
