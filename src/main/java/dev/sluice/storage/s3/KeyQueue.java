package dev.sluice.storage.s3;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Runs the changes to one key one after another within this process, without holding a thread: each waits for the
 * previous change of the same key to finish. It makes "test the precondition, then write" atomic among this
 * process's writers even on servers that ignore S3's conditional headers; across processes the copy's conditional
 * headers or the key's lock object ({@link PublishLocks}) protect it (see docs/ARCHITECTURE.md).
 */
final class KeyQueue {

    private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    <T> Mono<T> run(String key, Supplier<Mono<T>> change) {
        return Mono.defer(() -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            CompletableFuture<Void> previous = tails.put(key, done);
            Mono<Void> turn = previous == null ? Mono.empty() : Mono.fromFuture(previous, true);
            return turn.then(Mono.defer(change)).doFinally(signal -> {
                // A change cancelled while waiting must still not let the next one overtake its
                // predecessor.
                CompletableFuture<Void> after = previous == null ? CompletableFuture.completedFuture(null) : previous;
                after.whenComplete((ignored, error) -> {
                    tails.remove(key, done);
                    done.complete(null);
                });
            });
        });
    }
}
