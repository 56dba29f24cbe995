package dev.sluice.dav;

import dev.sluice.storage.ListQuery;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.Overwrite;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.StageOptions;
import dev.sluice.storage.StoredObject;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dead properties (set by PROPPATCH, such as the Win32 timestamps Windows stores), kept beside the resource in the
 * store's reserved area: an object's in {@code .sluice/dav-props/f/<its key>} (so a folder's objects' properties
 * are one listing away, and a folder's tree of them moves, copies and goes with one folder operation), a folder's in
 * a parallel tree ({@link #recordKey}). Each record is a JSON map from {@code {ns}name} to
 * the property's XML element. WebDAV's COPY and MOVE carry them along; DELETE removes them.
 */
final class DeadProperties {

    /** All of one resource's dead properties, serialized. */
    static final int MAX_BYTES = 64 * 1024;

    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {};

    private final ObjectStore store;
    private final JsonMapper json;

    DeadProperties(ObjectStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    Mono<Map<PropName, String>> of(DavResource resource) {
        return read(recordKey(resource.path().storePath(), resource.collection()));
    }

    /** The names of the objects directly in {@code folder} that have dead properties. */
    Mono<Set<String>> filesWithProperties(DavPath folder) {
        String prefix = "dav-props/f/" + folder.folderPrefix();
        String full = ObjectKey.RESERVED_SEGMENT + "/" + prefix;
        return Mono.defer(() -> store.list(new ListQuery(full, true, null, DavResources.PAGE)))
                .expand(page -> page.last() == null
                        ? Mono.empty()
                        : store.list(new ListQuery(full, true, page.last(), DavResources.PAGE)))
                .concatMapIterable(page -> page.items())
                .map(info -> info.key().value().substring(full.length()))
                .collect(HashSet::new, Set::add);
    }

    Mono<Void> write(DavResource resource, Map<PropName, String> props) {
        ObjectKey key = recordKey(resource.path().storePath(), resource.collection());
        if (props.isEmpty()) {
            return delete(key);
        }
        Map<String, String> stored = new LinkedHashMap<>();
        props.forEach((name, xml) -> stored.put(name.clark(), xml));
        byte[] bytes = json.writeValueAsBytes(stored);
        if (bytes.length > MAX_BYTES) {
            return Mono.error(new DavException(
                    org.springframework.http.HttpStatus.INSUFFICIENT_STORAGE,
                    "dead-properties-too-large",
                    "The dead properties of a resource are limited to " + MAX_BYTES + " bytes"));
        }
        return store.write(
                        key,
                        Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes))),
                        new StageOptions("application/json"),
                        Precondition.NONE)
                .then();
    }

    /** Copies the record of {@code from} to {@code to} (or removes {@code to}'s when {@code from} has none). */
    Mono<Void> copy(String from, String to, boolean collection) {
        ObjectKey source = recordKey(from, collection);
        ObjectKey target = recordKey(to, collection);
        return read(source).flatMap(props -> {
            if (props.isEmpty()) {
                return delete(target);
            }
            Map<String, String> stored = new LinkedHashMap<>();
            props.forEach((name, xml) -> stored.put(name.clark(), xml));
            byte[] bytes = json.writeValueAsBytes(stored);
            return store.write(
                            target,
                            Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes))),
                            new StageOptions("application/json"),
                            Precondition.NONE)
                    .then();
        });
    }

    Mono<Void> remove(String path, boolean collection) {
        return delete(recordKey(path, collection));
    }

    private Mono<Void> delete(ObjectKey key) {
        return store.delete(key, Precondition.NONE).onErrorResume(ObjectNotFoundException.class, gone -> Mono.empty());
    }

    private Mono<Map<PropName, String>> read(ObjectKey key) {
        return Mono.usingWhen(store.open(key), this::parse, object -> Mono.fromRunnable(object::close))
                .onErrorResume(ObjectNotFoundException.class, missing -> Mono.just(Map.of()));
    }

    private Mono<Map<PropName, String>> parse(StoredObject object) {
        long size = object.info().size();
        if (size > MAX_BYTES || size == 0) {
            return Mono.just(Map.of());
        }
        return DataBufferUtils.join(object.read(0, size)).map(buffer -> {
            try {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                Map<PropName, String> props = new LinkedHashMap<>();
                json.readValue(bytes, MAP).forEach((name, xml) -> props.put(PropName.fromClark(name), xml));
                return props;
            } finally {
                DataBufferUtils.release(buffer);
            }
        });
    }

    /**
     * Removes the records of the resource at {@code path} and of everything below it: after a DELETE, and of a
     * destination that a COPY or MOVE replaces.
     */
    Mono<Void> removeTree(String path) {
        return remove(path, false)
                .then(remove(path, true))
                .then(deleteFolder(filesTree(path)))
                .then(deleteFolder(foldersTree(path)));
    }

    /** Moves (or copies) the records of the folder {@code from}, and of everything below it, to {@code to}. */
    Mono<Void> transferTree(String from, String to, boolean move) {
        return transfer(from, to, true, move)
                .then(transferFolder(filesTree(from), filesTree(to), move))
                .then(transferFolder(foldersTree(from), foldersTree(to), move));
    }

    /** Moves (or copies) the record of one resource; the destination's record is replaced or removed. */
    Mono<Void> transfer(String from, String to, boolean collection, boolean move) {
        if (!move) {
            return copy(from, to, collection);
        }
        return store.move(recordKey(from, collection), recordKey(to, collection), Precondition.NONE, Overwrite.REPLACE)
                .then()
                .onErrorResume(ObjectNotFoundException.class, none -> remove(to, collection));
    }

    private Mono<Void> transferFolder(ObjectKey from, ObjectKey to, boolean move) {
        Mono<?> transfer =
                move ? store.moveFolder(from, to, Overwrite.REPLACE) : store.copyFolder(from, to, Overwrite.REPLACE);
        return transfer.then().onErrorResume(ObjectNotFoundException.class, none -> Mono.empty());
    }

    private Mono<Void> deleteFolder(ObjectKey folder) {
        return store.deleteFolder(folder, true)
                .then()
                .onErrorResume(ObjectNotFoundException.class, none -> Mono.empty());
    }

    private static ObjectKey filesTree(String path) {
        return ObjectKey.reserved("dav-props/f/" + path);
    }

    private static ObjectKey foldersTree(String path) {
        return ObjectKey.reserved("dav-props/c/" + encoded(path));
    }

    /**
     * The record of an object mirrors its key; a folder's lives in a parallel tree whose segments are the folder's
     * with an {@code s} in front, and whose record is named {@code p}: so no record is ever at a key that another
     * record needs as a folder.
     */
    static ObjectKey recordKey(String storePath, boolean collection) {
        if (!collection) {
            return ObjectKey.reserved("dav-props/f/" + storePath);
        }
        return ObjectKey.reserved("dav-props/c/" + (storePath.isEmpty() ? "" : encoded(storePath) + "/") + "p");
    }

    private static String encoded(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append('s').append(segment);
        }
        return out.toString();
    }
}
