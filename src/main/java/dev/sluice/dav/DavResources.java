package dev.sluice.dav;

import dev.sluice.storage.ListPage;
import dev.sluice.storage.ListQuery;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.ObjectStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Finds what is at a path and what a folder holds, from the store's objects and prefixes: a folder exists when
 * something is stored under it.
 */
final class DavResources {

    static final int PAGE = 1000;

    private final ObjectStore store;

    DavResources(ObjectStore store) {
        this.store = store;
    }

    Mono<DavResource> resolve(DavPath path) {
        if (path.isRoot()) {
            return Mono.just(new DavResource(path, null, true));
        }
        return store.stat(path.key())
                .map(info -> new DavResource(path, info, false))
                .onErrorResume(
                        ObjectNotFoundException.class,
                        missing -> folderExists(path)
                                .map(exists -> exists ? new DavResource(path, null, true) : DavResource.missing(path)));
    }

    /** Whether a folder is at {@code path}: created empty, or holding something. */
    Mono<Boolean> folderExists(DavPath path) {
        if (path.isRoot()) {
            return Mono.just(true);
        }
        return store.folderExists(path.key());
    }

    /** The members of the folder at {@code path}, files and folders, in key order, page by page. */
    Flux<DavResource> members(DavPath path) {
        String prefix = path.folderPrefix();
        return page(prefix, null)
                .expand(page -> page.last() == null ? Mono.empty() : page(prefix, page.last()))
                .concatMapIterable(page -> {
                    java.util.List<DavResource> members = new java.util.ArrayList<>();
                    for (String folder : page.prefixes()) {
                        String name = folder.substring(prefix.length(), folder.length() - 1);
                        if (!(prefix.isEmpty() && name.equals(ObjectKey.RESERVED_SEGMENT))) {
                            members.add(new DavResource(path.child(name), null, true));
                        }
                    }
                    page.items()
                            .forEach(info -> members.add(new DavResource(
                                    path.child(info.key().value().substring(prefix.length())), info, false)));
                    return members;
                });
    }

    private Mono<ListPage> page(String prefix, @org.jspecify.annotations.Nullable String after) {
        return store.list(new ListQuery(prefix, true, after, PAGE));
    }
}
