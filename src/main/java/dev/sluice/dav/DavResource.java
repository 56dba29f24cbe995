package dev.sluice.dav;

import dev.sluice.storage.ObjectInfo;
import org.jspecify.annotations.Nullable;

/**
 * What is at a WebDAV path: an object ({@code info} set), a folder, or nothing.
 *
 * @param path where
 * @param info the object's metadata; null for a folder or nothing
 * @param collection a folder (the root, a prefix that holds something, or an empty folder)
 */
record DavResource(DavPath path, @Nullable ObjectInfo info, boolean collection) {

    static DavResource missing(DavPath path) {
        return new DavResource(path, null, false);
    }

    boolean exists() {
        return collection || info != null;
    }

    String href() {
        return path.href(collection);
    }
}
