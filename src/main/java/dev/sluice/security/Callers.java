package dev.sluice.security;

import org.jspecify.annotations.Nullable;

/**
 * Who a user or token name stands for now, by the current configuration: what share links check their creator
 * against on every use, so that a link never outlives its creator's rights.
 */
public interface Callers {

    /** The caller named {@code name} (a user, else a token), or null when none is configured (any more). */
    @Nullable
    Caller current(String name);
}
