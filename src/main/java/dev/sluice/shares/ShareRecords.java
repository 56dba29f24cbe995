package dev.sluice.shares;

import dev.sluice.storage.Lifecycles;
import dev.sluice.storage.ListQuery;
import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.StageOptions;
import dev.sluice.storage.StoredObject;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Share records in the storage backend, through {@link ObjectStore} like any object but under reserved keys
 * ({@code .sluice/shares/<id>}) that no user key can name and no user listing shows. Works on every backend.
 */
final class ShareRecords {

    static final String FOLDER = "shares/";
    private static final int MAX_RECORD_BYTES = 64 * 1024;
    private static final int PAGE = 1000;

    private final ObjectStore store;
    private final JsonMapper json;

    ShareRecords(ObjectStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    /** Stores a new record; create-only, so an id can never be reused. */
    Mono<Share> create(Share share) {
        return write(share, Precondition.ABSENT);
    }

    /** Replaces a record (to revoke it). */
    Mono<Share> save(Share share) {
        return write(share, Precondition.NONE);
    }

    /** The record, or empty when there is none. */
    Mono<Share> find(String id) {
        return Lifecycles.readClosing(store.open(keyOf(id)), this::read)
                .onErrorResume(ObjectNotFoundException.class, missing -> Mono.empty());
    }

    /** Every record, oldest id order. One read per record: fine for the thousands of links this is made for. */
    Flux<Share> all() {
        String prefix = ObjectKey.RESERVED_SEGMENT + "/" + FOLDER;
        return pages(prefix, null).concatMap(info -> find(info.key().value().substring(prefix.length())), 8);
    }

    private Flux<ObjectInfo> pages(String prefix, @Nullable String after) {
        return store.list(new ListQuery(prefix, false, after, PAGE)).flatMapMany(page -> {
            Flux<ObjectInfo> items = Flux.fromIterable(page.items());
            String last = page.last();
            return last == null ? items : items.concatWith(Flux.defer(() -> pages(prefix, last)));
        });
    }

    private Mono<Share> write(Share share, Precondition precondition) {
        byte[] bytes = json.writeValueAsBytes(share);
        return store.write(
                        keyOf(share.id()),
                        Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes)),
                        new StageOptions("application/json"),
                        precondition)
                .thenReturn(share);
    }

    private Mono<Share> read(StoredObject object) {
        if (object.info().size() > MAX_RECORD_BYTES) {
            return Mono.error(new IllegalStateException(
                    "share record too large: " + object.info().key()));
        }
        return DataBufferUtils.join(object.read(0, object.info().size())).map(buffer -> {
            try {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                return json.readValue(bytes, Share.class);
            } finally {
                DataBufferUtils.release(buffer);
            }
        });
    }

    static ObjectKey keyOf(String id) {
        return ObjectKey.reserved(FOLDER + id);
    }
}
