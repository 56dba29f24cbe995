package dev.sluice.locks;

import java.time.Instant;

/**
 * One write lock, as stored.
 *
 * @param token the lock token, an {@code urn:uuid:} URI
 * @param root the locked resource: a key, or a folder's key without its trailing {@code /}; empty for the store's
 *     root
 * @param infinite depth infinity (the resource and everything under it) rather than depth 0
 * @param exclusive an exclusive lock rather than a shared one
 * @param principal the name of the caller who took it: only they may use or remove it
 * @param owner the client's {@code DAV:owner} element as XML, or empty
 * @param timeoutSeconds the timeout granted, in seconds
 * @param expiresAt when the lock lapses unless refreshed, in epoch milliseconds
 */
public record ResourceLock(
        String token,
        String root,
        boolean infinite,
        boolean exclusive,
        String principal,
        String owner,
        long timeoutSeconds,
        long expiresAt) {

    /** Whether the lock applies to {@code path} (a key or folder key without {@code /}): its root or below it. */
    public boolean covers(String path) {
        return root.equals(path) || infinite && isAncestor(root, path);
    }

    /** Whether the lock's root is {@code path} or lies below it. */
    public boolean within(String path) {
        return root.equals(path) || isAncestor(path, root);
    }

    public boolean expired(Instant now) {
        return now.toEpochMilli() >= expiresAt;
    }

    /** Whether {@code ancestor} is a proper ancestor of {@code path}; the empty path is everything's ancestor. */
    public static boolean isAncestor(String ancestor, String path) {
        if (ancestor.isEmpty()) {
            return !path.isEmpty();
        }
        return path.length() > ancestor.length() && path.startsWith(ancestor) && path.charAt(ancestor.length()) == '/';
    }
}
