package dev.sluice.storage.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Visits the regular files under a root depth-first, each folder's entries in name order, so that the order of
 * the visit is the order of the relative paths compared segment by segment. That total order is what lets the
 * conversion resume after the last file it finished: a restart skips every path up to it, including files that were
 * converted already and would otherwise look like old-format files again (a content that itself ends in a valid
 * trailer, for example). Symbolic links and special files are never followed nor visited. Blocking.
 */
final class SortedTreeWalk {

    /** What the walk hands each regular file to. */
    @FunctionalInterface
    interface Visitor {
        void visit(Path file, String relativePath, BasicFileAttributes attributes) throws IOException;
    }

    private final Path root;
    private final Set<Path> excluded;

    /** A walk of {@code root} that does not enter the folders in {@code excluded} (absolute, normalized paths). */
    SortedTreeWalk(Path root, Set<Path> excluded) {
        this.root = root;
        this.excluded = excluded;
    }

    /** Visits every regular file whose relative path comes after {@code after} (all of them when null). */
    void walk(@Nullable String after, Visitor visitor) throws IOException {
        walk(root, "", after == null ? null : after.split("/", -1), visitor);
    }

    private void walk(Path folder, String folderPath, String @Nullable [] after, Visitor visitor) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        names.sort(null);
        for (String name : names) {
            String relative = folderPath.isEmpty() ? name : folderPath + "/" + name;
            int position = after == null ? 1 : compare(relative.split("/", -1), after);
            boolean onTheWayToCursor = position < 0 && isPrefix(relative.split("/", -1), after);
            if (position <= 0 && !onTheWayToCursor) {
                continue;
            }
            Path path = folder.resolve(name);
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException gone) {
                continue;
            }
            if (attributes.isDirectory()) {
                if (!excluded.contains(path.toAbsolutePath().normalize())) {
                    walk(path, relative, onTheWayToCursor ? after : null, visitor);
                }
            } else if (attributes.isRegularFile() && !onTheWayToCursor) {
                visitor.visit(path, relative, attributes);
            }
        }
    }

    /** Segment-wise order: the order in which {@link #walk} visits paths. */
    static int compare(String[] a, String[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int c = a[i].compareTo(b[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    private static boolean isPrefix(String[] folder, String @Nullable [] path) {
        if (path == null || folder.length >= path.length) {
            return false;
        }
        for (int i = 0; i < folder.length; i++) {
            if (!folder[i].equals(path[i])) {
                return false;
            }
        }
        return true;
    }
}
