package dev.sluice.load;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Small requests one after another, timed from the client: a GET of a 4 KiB object and a HEAD of it, in turn, with a
 * short pause between them, on a connection of its own. Latencies are kept only while a window is open (the load
 * is steady then), failures always. Lazy until {@link #run} is subscribed; nothing blocks.
 */
final class LatencyProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final String url;
    private final int expectedBytes;
    private final AtomicInteger failures = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> reasons = new ConcurrentLinkedQueue<>();
    private volatile @Nullable ConcurrentLinkedQueue<Long> window;

    /** @param http with its own connection provider and event loop, so that the probe measures the server */
    LatencyProbe(HttpClient http, String url, int expectedBytes) {
        this.http = http;
        this.url = url;
        this.expectedBytes = expectedBytes;
    }

    /** Probes until {@code stop} completes. */
    Mono<Void> run(Duration pause, Mono<Void> stop) {
        return Flux.range(0, Integer.MAX_VALUE)
                .concatMap(i -> timed(i % 2 == 0 ? get() : head()).then(Mono.delay(pause)), 1)
                .takeUntilOther(stop)
                .then();
    }

    /** Starts keeping latencies (in nanoseconds), into a new window that {@link #closeWindow()} returns. */
    void openWindow() {
        window = new ConcurrentLinkedQueue<>();
    }

    List<Long> closeWindow() {
        ConcurrentLinkedQueue<Long> closed = window;
        window = null;
        return closed == null ? List.of() : new ArrayList<>(closed);
    }

    int failures() {
        return failures.get();
    }

    List<String> failureReasons() {
        return List.copyOf(reasons);
    }

    private Mono<Void> timed(Mono<String> request) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            ConcurrentLinkedQueue<Long> into = window;
            return request.timeout(TIMEOUT)
                    .doOnNext(problem -> {
                        if (!problem.isEmpty()) {
                            fail(problem);
                        } else if (into != null) {
                            into.add(System.nanoTime() - start);
                        }
                    })
                    .onErrorResume(error -> {
                        fail(error.toString());
                        return Mono.empty();
                    })
                    .then();
        });
    }

    /** Completes with "" when the answer is right, else with what is wrong. */
    private Mono<String> get() {
        return http.get()
                .uri(url)
                .responseSingle((response, body) -> body.asByteArray()
                        .defaultIfEmpty(new byte[0])
                        .map(bytes -> response.status().equals(HttpResponseStatus.OK) && bytes.length == expectedBytes
                                ? ""
                                : "GET probe: " + response.status() + ", " + bytes.length + " bytes"));
    }

    private Mono<String> head() {
        return http.head()
                .uri(url)
                .responseSingle((response, body) -> body.then(Mono.fromSupplier(() ->
                        response.status().equals(HttpResponseStatus.OK) ? "" : "HEAD probe: " + response.status())));
    }

    private void fail(String reason) {
        failures.incrementAndGet();
        if (reasons.size() < 20) {
            reasons.add(reason);
        }
    }
}
