package dev.sluice.storage.local;

import dev.sluice.storage.InvalidKeyException;
import dev.sluice.storage.ListPage;
import dev.sluice.storage.ListQuery;
import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.local.ObjectTrailer.CorruptObjectException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Lists keys by walking the directory tree in UTF-8 byte order of keys. Within one directory, entries sort by their
 * name, with {@code /} appended to sub-directories: that is exactly the order of the keys below them, so a
 * depth-first walk yields keys in global order and a page can resume after any key without repeating or skipping.
 * Blocking: runs on a bounded-elastic thread.
 */
final class LocalListing {

    private final LocalPaths paths;

    LocalListing(LocalPaths paths) {
        this.paths = paths;
    }

    ListPage list(ListQuery query) throws IOException {
        String prefix = query.prefix();
        int slash = prefix.lastIndexOf('/');
        String folderPrefix = prefix.substring(0, slash + 1);
        String namePrefix = prefix.substring(slash + 1);
        Page page = new Page(query.limit());
        Path folder;
        try {
            folder = paths.realPathInside(paths.folderOf(folderPrefix));
        } catch (NoSuchFileException | NotDirectoryException e) {
            return page.toListPage();
        } catch (java.nio.file.FileSystemException e) {
            return page.toListPage();
        }
        if (!Files.isDirectory(folder)) {
            return page.toListPage();
        }
        walk(folder, folderPrefix, namePrefix, query.delimited(), query.startAfter(), page);
        return page.toListPage();
    }

    /** Visits the entries of {@code folder} (key prefix {@code folderKey}) in order; false once the page is full. */
    private boolean walk(Path folder, String folderKey, String namePrefix, boolean delimited,
            @Nullable String startAfter, Page page) throws IOException {
        for (Entry entry : sortedEntries(folder, folderKey, namePrefix)) {
            String entryKey = folderKey + entry.sortName();
            if (entry.directory()) {
                if (startAfter != null && ObjectKey.UTF8_ORDER.compare(entryKey, startAfter) <= 0
                        && !startAfter.startsWith(entryKey)) {
                    continue; // the whole folder sorts before the resume point
                }
                if (delimited) {
                    if ((startAfter == null || ObjectKey.UTF8_ORDER.compare(entryKey, startAfter) > 0)
                            && !isEmpty(entry.path()) && !page.addPrefix(entryKey)) {
                        return false;
                    }
                } else if (!walk(entry.path(), entryKey, "", false, startAfter, page)) {
                    return false;
                }
            } else {
                if (startAfter != null && ObjectKey.UTF8_ORDER.compare(entryKey, startAfter) <= 0) {
                    continue;
                }
                ObjectInfo info = readInfo(entry.path(), entryKey);
                if (info != null && !page.addItem(info)) {
                    return false;
                }
            }
        }
        return true;
    }

    private List<Entry> sortedEntries(Path folder, String folderKey, String namePrefix) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path path : stream) {
                String name = path.getFileName().toString();
                if (!name.startsWith(namePrefix) || (folderKey.isEmpty() && name.equals(StoreRoot.META_DIR))) {
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    continue; // deleted while listing
                }
                if (attributes.isDirectory()) {
                    entries.add(new Entry(name + "/", path, true));
                } else if (attributes.isRegularFile()) {
                    entries.add(new Entry(name, path, false));
                }
                // Symbolic links and other special files are not objects: never listed, never followed.
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        entries.sort(Comparator.comparing(Entry::sortName, ObjectKey.UTF8_ORDER));
        return entries;
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            return !stream.iterator().hasNext();
        } catch (NoSuchFileException e) {
            return true;
        }
    }

    /** The object's info, or null for a file that is not a valid object (bad name, no trailer, just deleted). */
    private static @Nullable ObjectInfo readInfo(Path file, String key) throws IOException {
        try {
            ObjectKey objectKey = new ObjectKey(key);
            return ObjectFiles.readTrailer(file).toInfo(objectKey);
        } catch (InvalidKeyException | CorruptObjectException | NoSuchFileException e) {
            return null;
        }
    }

    private record Entry(String sortName, Path path, boolean directory) {
    }

    /** Collects up to limit entries, and notices whether there is one more (so the page is not the last). */
    private static final class Page {
        private final int limit;
        private final List<ObjectInfo> items = new ArrayList<>();
        private final List<String> prefixes = new ArrayList<>();
        private @Nullable String last;
        private boolean more;

        Page(int limit) {
            this.limit = limit;
        }

        boolean addItem(ObjectInfo info) {
            return add(info.key().value(), () -> items.add(info));
        }

        boolean addPrefix(String prefix) {
            return add(prefix, () -> prefixes.add(prefix));
        }

        private boolean add(String key, Runnable adder) {
            if (items.size() + prefixes.size() == limit) {
                more = true;
                return false;
            }
            adder.run();
            last = key;
            return true;
        }

        ListPage toListPage() {
            return new ListPage(List.copyOf(items), List.copyOf(prefixes), more ? last : null);
        }
    }
}
