package dev.sluice.zipdownload;

import dev.sluice.storage.InvalidKeyException;
import dev.sluice.storage.ObjectKey;
import java.util.ArrayList;
import java.util.List;

/**
 * What one archive holds: keys and folders (a folder ends in {@code /}, the empty folder is everything), none inside
 * another, in UTF-8 order; and its base, the deepest folder that holds them all. Entry names are keys relative to
 * the base, so a folder's ZIP has the folder as its top entry ({@code photos/2025/} holds {@code 2025/beach.jpg}),
 * and distinct keys never give the same name.
 *
 * @param targets keys and folders, in UTF-8 order, none within another folder of the list
 * @param base empty, or a folder ending in {@code /} that every target is within
 * @param fileName the archive's file name for {@code Content-Disposition}
 */
public record Selection(List<String> targets, String base, String fileName) {

    private static final String EVERYTHING = "files.zip";

    public Selection {
        targets = List.copyOf(targets);
    }

    /** A folder's archive ({@code folder} empty, or ending in {@code /}), entries under its own name. */
    public static Selection folder(String folder) {
        return of(List.of(folder));
    }

    /**
     * What a folder share link sees: its folder's entries, named relative to it, so that nothing about the folders
     * above the link leaks into the archive.
     */
    public static Selection shared(String folder) {
        return new Selection(List.of(folder), folder, folder.isEmpty() ? EVERYTHING : zipName(folder));
    }

    /**
     * A selection from validated keys and folders (see {@link #parse}); duplicates and items inside a selected folder
     * are dropped.
     */
    public static Selection of(List<String> items) {
        List<String> sorted = new ArrayList<>(items);
        sorted.sort(ObjectKey.UTF8_ORDER);
        List<String> targets = new ArrayList<>();
        String folder = null;
        for (String item : sorted) {
            if (folder != null && item.startsWith(folder)
                    || !targets.isEmpty() && targets.get(targets.size() - 1).equals(item)) {
                continue; // a duplicate, or within a folder already selected
            }
            targets.add(item);
            folder = item.isEmpty() || item.endsWith("/") ? item : null;
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("an empty selection");
        }
        String base = parent(targets.get(0));
        for (String target : targets) {
            base = commonFolder(base, parent(target));
        }
        String fileName;
        if (targets.size() == 1) {
            String only = targets.get(0);
            fileName = only.isEmpty() ? EVERYTHING : zipName(only);
        } else {
            fileName = base.isEmpty() ? EVERYTHING : zipName(base);
        }
        return new Selection(targets, base, fileName);
    }

    /**
     * One item of a request as a target: a key, a folder ending in {@code /} (its key validated without the slash),
     * or the empty string for everything; normalized as keys are (NFC).
     *
     * @throws InvalidKeyException when it is neither
     */
    public static String parse(String item) {
        if (item.isEmpty()) {
            return item;
        }
        if (item.endsWith("/")) {
            return ObjectKey.of(item.substring(0, item.length() - 1)).value() + "/";
        }
        return ObjectKey.of(item).value();
    }

    /** The name of {@code key} (or of a folder ending in {@code /}) inside the archive; empty for the base itself. */
    String entryName(String key) {
        return key.substring(base.length());
    }

    /** The folder a key or folder is in: empty at the top. */
    private static String parent(String target) {
        String path = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
        return path.substring(0, path.lastIndexOf('/') + 1);
    }

    /** The deepest folder both {@code a} and {@code b} (empty or ending in {@code /}) are within. */
    private static String commonFolder(String a, String b) {
        int end = 0;
        for (int i = 0; i < Math.min(a.length(), b.length()) && a.charAt(i) == b.charAt(i); i++) {
            if (a.charAt(i) == '/') {
                end = i + 1;
            }
        }
        return a.substring(0, end);
    }

    /** The last segment plus {@code .zip}, when that still makes a valid key segment (at most 255 bytes). */
    private static String zipName(String target) {
        String name = lastSegment(target) + ".zip";
        return ObjectKey.problemWith(name) == null ? name : EVERYTHING;
    }

    private static String lastSegment(String target) {
        String path = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
