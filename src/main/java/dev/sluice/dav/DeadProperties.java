package dev.sluice.dav;

import dev.sluice.storage.ListQuery;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.StageOptions;
import dev.sluice.storage.StoredObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
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
 * are one listing away), a folder's in {@code .sluice/dav-props/c/<hash of its path>} (folders and objects of one
 * name cannot both exist, but their property records would). Each record is a JSON map from {@code {ns}name} to
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

    static ObjectKey recordKey(String storePath, boolean collection) {
        if (!collection) {
            return ObjectKey.reserved("dav-props/f/" + storePath);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(storePath.getBytes(StandardCharsets.UTF_8));
            return ObjectKey.reserved(
                    "dav-props/c/" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
