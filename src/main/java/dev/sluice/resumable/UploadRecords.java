package dev.sluice.resumable;

import dev.sluice.storage.Lifecycles;
import dev.sluice.storage.ListQuery;
import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.StageOptions;
import dev.sluice.storage.StoredObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Upload records in the storage backend, through {@link ObjectStore} like share records, under reserved keys no
 * user key can name: {@code .sluice/uploads/<owner hash>/<id>} while unfinished, {@code .sluice/uploads-done/...}
 * once published (kept until the expiry, so that a HEAD still tells where the file went). The owner's hash in the
 * key makes another caller's lookup miss (404) without reading anything, and bounds what counting a caller's
 * uploads lists.
 *
 * <p>Every change is a compare-and-swap: written only if the record is still the version that was read (the
 * SHA-256 of its bytes, which the store tests atomically with the write, on every backend and across instances),
 * so that of two writers of one upload exactly one wins; the other sees {@code PreconditionFailedException}.
 */
final class UploadRecords {

    static final String UNFINISHED = "uploads/";
    static final String DONE = "uploads-done/";
    private static final int MAX_RECORD_BYTES = 64 * 1024;
    private static final int PAGE = 1000;

    private final ObjectStore store;
    private final JsonMapper json;

    UploadRecords(ObjectStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    /** A record as read: its state and the version a change must match. */
    record Versioned(UploadState state, String version) {}

    /** The hash of an owner's name that their records' keys carry. */
    static String ownerHash(String owner) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(owner.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores a new record; create-only. */
    Mono<Versioned> create(UploadState state) {
        return write(keyOf(UNFINISHED, state), state, Precondition.ABSENT);
    }

    /** The record of upload {@code id} of {@code owner}, unfinished or done; empty when there is none. */
    Mono<Versioned> find(String owner, String id) {
        String hash = ownerHash(owner);
        return read(ObjectKey.reserved(UNFINISHED + hash + "/" + id))
                .switchIfEmpty(Mono.defer(() -> read(ObjectKey.reserved(DONE + hash + "/" + id))))
                .filter(found -> found.state().owner().equals(owner));
    }

    /** The unfinished record {@code current} was read from, as it is now; empty when it is gone. */
    Mono<Versioned> reread(Versioned current) {
        return read(keyOf(UNFINISHED, current.state()));
    }

    /**
     * Replaces {@code current} by {@code next} if the record is still {@code current}'s version.
     *
     * @throws dev.sluice.storage.PreconditionFailedException (signalled) when another writer changed it first
     */
    Mono<Versioned> replace(Versioned current, UploadState next) {
        return write(keyOf(UNFINISHED, next), next, unchangedSince(current.version()));
    }

    /** Moves a published upload's record to the done folder, if it is still {@code current}'s version. */
    Mono<Versioned> finish(Versioned current, UploadState published) {
        return write(keyOf(DONE, published), published, Precondition.NONE)
                .flatMap(done -> store.delete(keyOf(UNFINISHED, current.state()), unchangedSince(current.version()))
                        .onErrorResume(ObjectNotFoundException.class, gone -> Mono.empty())
                        .thenReturn(done));
    }

    /** Deletes the record if it is still {@code current}'s version; a missing one is fine. */
    Mono<Void> delete(Versioned current) {
        UploadState state = current.state();
        String folder = state.published() ? DONE : UNFINISHED;
        return store.delete(keyOf(folder, state), unchangedSince(current.version()))
                .onErrorResume(ObjectNotFoundException.class, gone -> Mono.empty())
                .then(
                        state.published()
                                ? store.delete(keyOf(UNFINISHED, state), Precondition.NONE)
                                        .onErrorResume(ObjectNotFoundException.class, gone -> Mono.empty())
                                : Mono.empty());
    }

    /** The unfinished records of {@code owner}, or of everyone when null. */
    Flux<Versioned> unfinished(@Nullable String owner) {
        String prefix = ObjectKey.RESERVED_SEGMENT + "/" + UNFINISHED + (owner == null ? "" : ownerHash(owner) + "/");
        return all(prefix);
    }

    /** Every record of a published upload. */
    Flux<Versioned> done() {
        return all(ObjectKey.RESERVED_SEGMENT + "/" + DONE);
    }

    private Flux<Versioned> all(String prefix) {
        return pages(prefix, null).concatMap(info -> read(info.key()), 8);
    }

    private Flux<ObjectInfo> pages(String prefix, @Nullable String after) {
        return store.list(new ListQuery(prefix, false, after, PAGE)).flatMapMany(page -> {
            Flux<ObjectInfo> items = Flux.fromIterable(page.items());
            String last = page.last();
            return last == null ? items : items.concatWith(Flux.defer(() -> pages(prefix, last)));
        });
    }

    private Mono<Versioned> write(ObjectKey key, UploadState state, Precondition precondition) {
        byte[] bytes = json.writeValueAsBytes(state);
        return store.write(
                        key,
                        Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes)),
                        new StageOptions("application/json"),
                        precondition)
                .map(result -> new Versioned(
                        state, Objects.requireNonNull(result.info().sha256(), "every write computes a SHA-256")));
    }

    private Mono<Versioned> read(ObjectKey key) {
        return Lifecycles.readClosing(store.open(key), this::read)
                .onErrorResume(ObjectNotFoundException.class, missing -> Mono.empty());
    }

    private Mono<Versioned> read(StoredObject object) {
        ObjectInfo info = object.info();
        if (info.size() > MAX_RECORD_BYTES) {
            return Mono.error(new IllegalStateException("upload record too large: " + info.key()));
        }
        return DataBufferUtils.join(object.read(0, info.size())).map(buffer -> {
            try {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                return new Versioned(json.readValue(bytes, UploadState.class), versionOf(info, bytes));
            } finally {
                DataBufferUtils.release(buffer);
            }
        });
    }

    /** The record's SHA-256: as the store knows it, else computed from the bytes just read. */
    private static String versionOf(ObjectInfo info, byte[] bytes) {
        if (info.sha256() != null) {
            return info.sha256();
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Precondition unchangedSince(String version) {
        return current -> current != null && version.equals(current.sha256());
    }

    private static ObjectKey keyOf(String folder, UploadState state) {
        return ObjectKey.reserved(folder + ownerHash(state.owner()) + "/" + state.id());
    }
}
