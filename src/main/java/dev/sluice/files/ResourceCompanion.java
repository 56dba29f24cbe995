package dev.sluice.files;

import reactor.core.publisher.Mono;

/**
 * Something another feature keeps beside a file or a folder of the store (WebDAV's dead properties), which must
 * follow it when the v1 API moves, copies or deletes it. Implemented outside this package, so that {@code files}
 * needs to know nothing of who keeps what. Paths are store keys ({@code a/b.txt}; a folder without its {@code /}).
 */
public interface ResourceCompanion {

    /** {@code from} now lives at {@code to}. */
    Mono<Void> moved(String from, String to, boolean folder);

    /** {@code to} is now a copy of {@code from}. */
    Mono<Void> copied(String from, String to, boolean folder);

    /** {@code path} (a folder: with everything in it) is gone. */
    Mono<Void> deleted(String path, boolean folder);
}
