package dev.sluice.storage.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One version of a file, as {@code stat} tells it: inode, size and modification time in nanoseconds. Metadata is
 * tied to it and a read checks it before and after opening, so that anything another program changes (a rename
 * over the file gives a new inode; a write in place changes the size or the modification time) makes stored metadata
 * unknown rather than wrong.
 *
 * <p>Not the change time: setting an extended attribute and renaming both change it, and both happen after the
 * metadata was computed, so a ctime recorded with the metadata could never match.
 */
record ObjectVersion(long inode, long size, long mtimeNanos) {

    /** The {@code unix:} attributes read for a version, with the file's kind. */
    static final String ATTRIBUTES = "unix:ino,size,lastModifiedTime,isRegularFile,isDirectory";

    /** The version of the file at {@code path}, without following a final symbolic link. Blocking. */
    static ObjectVersion of(Path path) throws IOException {
        return of(Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS));
    }

    static ObjectVersion of(Map<String, Object> attributes) {
        // The attributes asked for in ATTRIBUTES; a filesystem that lacks one fails here, naming it.
        FileTime modified = (FileTime) Objects.requireNonNull(attributes.get("lastModifiedTime"), "lastModifiedTime");
        Long inode = (Long) Objects.requireNonNull(attributes.get("ino"), "ino");
        Long size = (Long) Objects.requireNonNull(attributes.get("size"), "size");
        return new ObjectVersion(inode, size, modified.to(TimeUnit.NANOSECONDS));
    }

    /** Last-Modified, in whole seconds as HTTP dates have them. */
    Instant lastModified() {
        return Instant.ofEpochSecond(Math.floorDiv(mtimeNanos, 1_000_000_000L));
    }

    /** An opaque token for entity tags: changes whenever inode, size or modification time change. */
    String tag() {
        return "v-" + Long.toHexString(inode) + "-" + Long.toHexString(size) + "-" + Long.toHexString(mtimeNanos);
    }
}
