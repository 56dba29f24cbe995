package dev.sluice.storage;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The lifecycles of what a store hands out, written once for every caller: a {@link StagedObject} that is not
 * published is discarded when the work on it fails or is cancelled, and an opened {@link StoredObject} is closed when
 * the work that reads it ends, however it ends.
 *
 * <p>Not {@code Mono.usingWhen}: a cancel that races with the resource's arrival skips its cleanup (reactor-core
 * #3695), which would leave staged content or an open file behind. Here the cleanup hangs on the work's own signals
 * ({@code onErrorResume}, {@code doOnCancel}, {@code doFinally}), which {@code flatMap} subscribes to the moment the
 * resource arrives, so a cancel at any time reaches it.
 */
public final class Lifecycles {

    private Lifecycles() {}

    /**
     * Publishes {@code staged} at {@code key}; when that fails or is cancelled, the staged content is discarded and
     * the error passed on. Lazy until subscribed.
     */
    public static Mono<WriteResult> publishOrDiscard(
            ObjectStore store, StagedObject staged, ObjectKey key, Precondition precondition) {
        return discardOnFailure(store, staged, Mono.defer(() -> store.publish(staged, key, precondition)));
    }

    /**
     * Runs {@code work}, which decides the fate of {@code staged}; if {@code work} fails or is cancelled, the staged
     * content is discarded (a failure to discard is not reported over the work's own error). When {@code work}
     * succeeds, the staged object is whatever {@code work} made of it: published, or still the caller's.
     */
    public static <T> Mono<T> discardOnFailure(ObjectStore store, StagedObject staged, Mono<T> work) {
        return discardOnFailure(store, () -> List.of(staged), work);
    }

    /**
     * Like {@link #discardOnFailure(ObjectStore, StagedObject, Mono)} for several staged objects: those that
     * {@code pending} holds when {@code work} fails or is cancelled are discarded, one after the other. The work
     * removes from it each one it publishes.
     */
    public static <T> Mono<T> discardOnFailure(
            ObjectStore store, Supplier<? extends Collection<? extends StagedObject>> pending, Mono<T> work) {
        Mono<Void> discard = Flux.defer(() -> Flux.fromIterable(List.copyOf(pending.get())))
                .concatMap(staged -> store.discard(staged).onErrorResume(e -> Mono.empty()))
                .then();
        return work.onErrorResume(error -> discard.then(Mono.error(error))).doOnCancel(discard::subscribe);
    }

    /**
     * Opens an object, hands it to {@code use}, and closes it when the Mono {@code use} returned completes, fails
     * or is cancelled. Lazy until subscribed.
     */
    public static <T> Mono<T> readClosing(Mono<StoredObject> open, Function<StoredObject, Mono<T>> use) {
        return open.flatMap(object -> Mono.defer(() -> use.apply(object)).doFinally(signal -> object.close()));
    }
}
