package dev.sluice.storage.local;

import dev.sluice.storage.InvalidKeyException;
import dev.sluice.storage.ListPage;
import dev.sluice.storage.ListQuery;
import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists keys by walking the directory tree in UTF-8 byte order of keys. Within one directory, entries sort by their
 * name, with {@code /} appended to sub-directories: that is exactly the order of the keys below them, so a
 * depth-first walk yields keys in global order and a page can resume after any key without repeating or skipping.
 *
 * <p>Names on disk become keys in NFC (a name written in NFD, as macOS does, lists under its NFC key). A name that
 * is no valid key (invalid UTF-8, a control character, a backslash, a segment over 255 bytes, a key over 1024
 * bytes) is left out and logged once. Symbolic links and special files are not objects: never listed, never
 * followed. Folders are listed whether or not they hold anything (an empty directory is an empty folder); only in
 * Sluice's own state folder are empty ones left out. Each listed file costs an {@code lstat} and a read of its metadata (one {@code getxattr}, or one small
 * index file without attributes), never a read of its content.
 *
 * <p>Blocking: runs on a bounded-elastic thread.
 */
final class LocalListing {

    private static final Logger log = LoggerFactory.getLogger(LocalListing.class);
    /** Sluice's own files in the state folder, which are no reserved objects. */
    private static final Set<String> INTERNAL = Set.of("format", "format.tmp", "lock", "tmp", "index", "xattr-probe");

    private static final int MAX_LOGGED_NAMES = 10_000;

    private final LocalPaths paths;
    private final MetadataStore metadata;
    private final Set<String> loggedNames = ConcurrentHashMap.newKeySet();

    LocalListing(LocalPaths paths, MetadataStore metadata) {
        this.paths = paths;
        this.metadata = metadata;
    }

    ListPage list(ListQuery query) throws IOException {
        String prefix = query.prefix();
        int slash = prefix.lastIndexOf('/');
        String folderPrefix = prefix.substring(0, slash + 1);
        String namePrefix = prefix.substring(slash + 1);
        Page page = new Page(query.limit());
        Path folder = folderPrefix.isEmpty() ? paths.root() : existingFolder(folderPrefix);
        if (folder == null) {
            return page.toListPage();
        }
        try {
            walk(folder, folderPrefix, namePrefix, query.delimited(), query.startAfter(), page);
        } catch (UncheckedIOException e) {
            throw e.getCause(); // from the lazy entry iterator
        }
        return page.toListPage();
    }

    /** Visits the entries of {@code folder} (key prefix {@code folderKey}) in order; false once the page is full. */
    private boolean walk(
            Path folder, String folderKey, String namePrefix, boolean delimited, @Nullable String startAfter, Page page)
            throws IOException {
        for (Iterator<Entry> entries = sortedEntries(folder, folderKey, namePrefix, startAfter); entries.hasNext(); ) {
            Entry entry = entries.next();
            String entryKey = folderKey + entry.sortName();
            if (entry.directory()) {
                if (startAfter != null
                        && ObjectKey.UTF8_ORDER.compare(entryKey, startAfter) <= 0
                        && !startAfter.startsWith(entryKey)) {
                    continue; // the whole folder sorts before the resume point
                }
                if (delimited) {
                    if ((startAfter == null || ObjectKey.UTF8_ORDER.compare(entryKey, startAfter) > 0)
                            && (!folderKey.startsWith(ObjectKey.RESERVED_SEGMENT + "/") || !isEmpty(entry.path()))
                            && !page.addPrefix(entryKey)) {
                        return false;
                    }
                } else if (!walk(entry.path(), entryKey, "", false, startAfter, page)) {
                    return false;
                }
            } else {
                if (startAfter != null && ObjectKey.UTF8_ORDER.compare(entryKey, startAfter) <= 0) {
                    continue;
                }
                ObjectInfo info = readInfo(entry, entryKey);
                if (info != null && !page.addItem(info)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The folder of a listing's folder part, found like a key's folders (NFD names, no links); or null. */
    private @Nullable Path existingFolder(String folderPrefix) throws IOException {
        String folderKey = folderPrefix.substring(0, folderPrefix.length() - 1);
        if (folderKey.equals(ObjectKey.RESERVED_SEGMENT)) {
            return paths.stateDir();
        }
        try {
            LocalPaths.Located found = paths.walk(new ObjectKey(folderKey)).found();
            return found != null && found.directory() ? found.path() : null;
        } catch (InvalidKeyException e) {
            return null; // through a symbolic link: nothing to list
        }
    }

    /**
     * The entries of {@code folder} in key order, {@code lstat}ed lazily: only as many as the caller takes (plus a
     * few), so that a page of a big folder costs one {@code readdir} and a sort of its names, not a {@code stat} of
     * every entry. Names whose keys (as a file or as a folder) sort before {@code startAfter} are dropped before any
     * {@code stat}.
     *
     * <p>The order of keys is the order of names, except that a folder sorts as its name followed by {@code /}, after
     * names that extend it with a character below {@code /} ({@code a-b} and {@code a.txt} come before folder
     * {@code a/}). So the names are sorted, each one is {@code lstat}ed in that order into a small heap ordered by
     * the true sort name, and an entry leaves the heap as soon as it sorts before the next name: every later entry
     * sorts at or after its own name.
     */
    private Iterator<Entry> sortedEntries(Path folder, String folderKey, String namePrefix, @Nullable String startAfter)
            throws IOException {
        boolean stateFolder = folderKey.equals(ObjectKey.RESERVED_SEGMENT + "/");
        List<Candidate> candidates = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path path : stream) {
                String onDisk = path.getFileName().toString();
                String name = isAscii(onDisk) ? onDisk : Normalizer.normalize(onDisk, Normalizer.Form.NFC);
                if (!name.startsWith(namePrefix)
                        || (folderKey.isEmpty() && name.equals(StoreRoot.META_DIR))
                        || (stateFolder && INTERNAL.contains(name))) {
                    continue;
                }
                if (startAfter != null) {
                    String asFolder = folderKey + name + "/";
                    if (ObjectKey.UTF8_ORDER.compare(asFolder, startAfter) <= 0 && !startAfter.startsWith(asFolder)) {
                        continue; // before the resume point whether it is a file or a folder
                    }
                }
                candidates.add(new Candidate(name, onDisk, path));
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.<Entry>of().iterator();
        }
        candidates.sort(Comparator.comparing(Candidate::name, ObjectKey.UTF8_ORDER));
        return new Iterator<>() {
            private final PriorityQueue<Entry> ready =
                    new PriorityQueue<>(Comparator.comparing(Entry::sortName, ObjectKey.UTF8_ORDER));
            private int next;
            private @Nullable String previousName;

            @Override
            public boolean hasNext() {
                try {
                    fill();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return !ready.isEmpty();
            }

            @Override
            public Entry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }

            /** Stats names until the heap's first entry is certain to come first, or the names run out. */
            private void fill() throws IOException {
                while (next < candidates.size()
                        && (ready.isEmpty()
                                || ObjectKey.UTF8_ORDER.compare(
                                                ready.peek().sortName(),
                                                candidates.get(next).name())
                                        >= 0)) {
                    Candidate candidate = candidates.get(next++);
                    if (candidate.name().equals(previousName)) {
                        continue; // the same name in NFC and in NFD: one key, listed once
                    }
                    previousName = candidate.name();
                    Entry entry = stat(candidate, folder, folderKey);
                    if (entry != null) {
                        ready.add(entry);
                    }
                }
            }
        };
    }

    /** ASCII is NFC already: most names skip the normalizer. */
    private static boolean isAscii(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private @Nullable Entry stat(Candidate candidate, Path folder, String folderKey) throws IOException {
        Map<String, Object> attributes = LocalPaths.lstat(candidate.path());
        if (attributes == null) {
            return null; // deleted while listing
        }
        boolean directory = Boolean.TRUE.equals(attributes.get("isDirectory"));
        if (!directory && !Boolean.TRUE.equals(attributes.get("isRegularFile"))) {
            return null; // symbolic links and special files are not objects: never listed, never followed
        }
        if (!validKey(folderKey + candidate.name(), candidate.onDisk(), folder, candidate.path())) {
            return null;
        }
        String name = candidate.name();
        return new Entry(directory ? name + "/" : name, candidate.path(), directory, attributes);
    }

    private record Candidate(String name, String onDisk, Path path) {}

    /**
     * Whether a name found on disk makes a valid key; logs each bad name once. A name that is not valid UTF-8
     * decodes with U+FFFD in place of the bad bytes, so the decoded name, encoded again, names no file: such a key
     * could never be found again. (A real U+FFFD in a name encodes back to itself.)
     */
    private boolean validKey(String key, String onDisk, Path folder, Path path) throws IOException {
        String problem = ObjectKey.problemWith(key);
        if (problem == null && onDisk.indexOf('\uFFFD') >= 0 && LocalPaths.lstat(folder.resolve(onDisk)) == null) {
            problem = "the name is not valid UTF-8";
        }
        if (problem == null) {
            return true;
        }
        if (loggedNames.size() < MAX_LOGGED_NAMES && loggedNames.add(path.toString())) {
            log.warn("Not listed: {} is no valid key ({}); rename it to make it an object", path, problem);
        }
        return false;
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            return !stream.iterator().hasNext();
        } catch (NoSuchFileException e) {
            return true;
        }
    }

    /** The object's info from the entry's {@code lstat} and its stored metadata (no content read). */
    private @Nullable ObjectInfo readInfo(Entry entry, String key) throws IOException {
        ObjectKey objectKey = new ObjectKey(key);
        return ObjectMetadata.info(
                objectKey, ObjectVersion.of(entry.attributes()), metadata.read(entry.path(), objectKey));
    }

    private record Entry(String sortName, Path path, boolean directory, Map<String, Object> attributes) {}

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
