package dev.sluice.resumable;

import org.jspecify.annotations.Nullable;

/**
 * Who creates and continues a tus upload, and where they may put it.
 *
 * @param owner the name uploads belong to: a user's or token's name, {@code link:<id>} for an upload link
 * @param home null, or the prefix outside which the uploader may not write
 * @param forcedFolder for an upload link, the folder every upload goes to with {@code conflict=rename}; else null
 */
public record Uploader(
        String owner, @Nullable String home, @Nullable String forcedFolder) {

    /** A caller of the API. */
    public static Uploader caller(String name, @Nullable String home) {
        return new Uploader(name, home, null);
    }

    /** The holder of upload link {@code shareId}, which uploads into {@code folder}. */
    public static Uploader link(String shareId, String folder) {
        return new Uploader("link:" + shareId, null, folder);
    }
}
