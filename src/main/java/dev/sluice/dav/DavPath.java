package dev.sluice.dav;

import dev.sluice.storage.InvalidKeyException;
import dev.sluice.storage.ObjectKey;
import dev.sluice.web.RawKeys;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.UriUtils;

/**
 * A resource's place in the store as WebDAV addresses it: {@code /dav/} is the caller's home (the whole store
 * without one), so {@code /dav/a/b} of a caller with home {@code alice/} is {@code alice/a/b}.
 *
 * @param home the caller's home prefix, ending in {@code /}, or empty
 * @param relative the path below the home, without leading or trailing {@code /}; empty for the root
 */
record DavPath(String home, String relative) {

    static final String ROUTE = "/dav";

    /** Parses the raw (percent-encoded) request path; a trailing {@code /} is allowed on any resource. */
    static DavPath parse(String rawPath, @Nullable String home) {
        String prefix = home == null ? "" : home;
        if (!rawPath.equals(ROUTE) && !rawPath.startsWith(ROUTE + "/")) {
            throw new InvalidKeyException("not a WebDAV path: " + rawPath);
        }
        String rest = rawPath.substring(ROUTE.length());
        while (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        if (rest.isEmpty()) {
            return new DavPath(prefix, "");
        }
        ObjectKey relative = RawKeys.keyAfter(ROUTE + "/" + rest, ROUTE + "/");
        ObjectKey.of(prefix + relative.value());
        return new DavPath(prefix, relative.value());
    }

    boolean isRoot() {
        return relative.isEmpty();
    }

    /** The path in the store, the locks' name for it: the key, or the home without its {@code /}, or empty. */
    String storePath() {
        if (relative.isEmpty()) {
            return home.isEmpty() ? "" : home.substring(0, home.length() - 1);
        }
        return home + relative;
    }

    /** The key of the object at this path (not for the root). */
    ObjectKey key() {
        return ObjectKey.of(home + relative);
    }

    /** The listing prefix of the folder at this path: ending in {@code /}, or the home (empty) for the root. */
    String folderPrefix() {
        return relative.isEmpty() ? home : home + relative + "/";
    }

    @Nullable
    DavPath parent() {
        if (relative.isEmpty()) {
            return null;
        }
        int slash = relative.lastIndexOf('/');
        return new DavPath(home, slash < 0 ? "" : relative.substring(0, slash));
    }

    DavPath child(String name) {
        return new DavPath(home, relative.isEmpty() ? name : relative + "/" + name);
    }

    /** The last segment, or empty for the root. */
    String name() {
        return relative.substring(relative.lastIndexOf('/') + 1);
    }

    /** The path of a store path below the same home; null when it lies outside the home. */
    @Nullable
    DavPath sibling(String storePath) {
        if (home.isEmpty()) {
            return new DavPath("", storePath);
        }
        String homePath = home.substring(0, home.length() - 1);
        if (storePath.equals(homePath)) {
            return new DavPath(home, "");
        }
        return storePath.startsWith(home) ? new DavPath(home, storePath.substring(home.length())) : null;
    }

    /** The absolute path of the href, each segment percent-encoded (RFC 3986); collections end in {@code /}. */
    String href(boolean collection) {
        StringBuilder href = new StringBuilder(ROUTE).append('/');
        if (!relative.isEmpty()) {
            for (String segment : relative.split("/", -1)) {
                href.append(UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8))
                        .append('/');
            }
            if (!collection) {
                href.setLength(href.length() - 1);
            }
        }
        return href.toString();
    }
}
