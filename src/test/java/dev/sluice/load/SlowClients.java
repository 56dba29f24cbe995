package dev.sluice.load;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Clients that hold a connection open for a long time while moving few bytes: uploads that trickle their body and
 * downloads that read theirs slowly, so that backpressure reaches the server. Shared by the smoke test of
 * {@code ./mvnw verify} and the load test of {@code -Pload-test}.
 *
 * <p>Every method is lazy until subscribed and never throws: a refused or broken request is counted in
 * {@link #failures()} (with its reason in {@link #failureReasons()}) and completes empty, so that one failure does
 * not cancel the thousands of other clients merged with it. Nothing here blocks; pauses are Reactor timers.
 */
final class SlowClients {

    private static final int KEPT_REASONS = 20;

    private final HttpClient http;
    private final String baseUrl;
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> reasons = new ConcurrentLinkedQueue<>();

    /**
     * @param http configured by the caller: connection provider, event loops, default headers (a bearer token)
     * @param baseUrl such as {@code http://127.0.0.1:8080}
     */
    SlowClients(HttpClient http, String baseUrl) {
        this.http = http.doOnRequest((request, connection) -> started.incrementAndGet());
        this.baseUrl = baseUrl;
    }

    /** PUT of {@code body} to {@code /api/v1/files/{key}}; completes with the status, or empty when it failed. */
    Mono<Integer> put(String key, Publisher<byte[]> body) {
        return http.put()
                .uri(fileUrl(key))
                .send(Flux.from(body).map(Unpooled::wrappedBuffer))
                .responseSingle((response, content) ->
                        content.then(Mono.just(response.status().code())))
                .onErrorResume(error -> failed("PUT " + key + ": " + error));
    }

    /**
     * An upload whose body is {@code trickle}: it counts as failed unless the server answers 201 or 200 once the
     * trickle completes.
     */
    Mono<Void> upload(String key, Flux<byte[]> trickle) {
        return put(key, trickle)
                .flatMap(status ->
                        status == 201 || status == 200 ? Mono.empty() : failed("PUT " + key + ": status " + status))
                .then();
    }

    /**
     * A GET that reads slowly: after each buffer the socket delivers it waits for {@code pause} of that buffer's
     * size before asking for the next, so that the rest waits in the socket buffers and the server sees
     * backpressure. Emits the size of each buffer read; cancelling ends the download early (not a failure).
     *
     * @param range a {@code Range} header value, or null for the whole object
     * @param expectedStatus 200 or 206; another status counts as a failure
     */
    Flux<Integer> slowDownload(
            String key, @Nullable String range, int expectedStatus, IntFunction<Publisher<?>> pause) {
        HttpClient client = range == null ? http : http.headers(headers -> headers.set(HttpHeaderNames.RANGE, range));
        return client.get()
                .uri(fileUrl(key))
                .responseConnection((response, connection) -> {
                    if (response.status().code() != expectedStatus) {
                        return connection
                                .inbound()
                                .receive()
                                .then(failed("GET " + key + ": status "
                                        + response.status().code()));
                    }
                    return connection
                            .inbound()
                            .receive()
                            .asByteArray()
                            .concatMap(
                                    bytes ->
                                            Flux.from(pause.apply(bytes.length)).then(Mono.just(bytes.length)),
                                    1);
                })
                .onErrorResume(error -> failed("GET " + key + ": " + error));
    }

    /**
     * A burst of ordinary 8 KiB uploads and downloads, so that the server's pools reach their working size before a
     * baseline is taken.
     */
    Mono<Void> warmUp(String prefix, int requests) {
        return Flux.range(0, requests)
                .flatMap(
                        i -> put(prefix + "warm-" + i, Flux.just(new byte[8192]))
                                .then(http.get()
                                        .uri(fileUrl(prefix + "warm-" + i))
                                        .responseContent()
                                        .then()),
                        20)
                .then();
    }

    /** Records a failure found by the caller, such as a download that ended short. */
    <T> Mono<T> failed(String reason) {
        failures.incrementAndGet();
        if (reasons.size() < KEPT_REASONS) {
            reasons.add(reason);
        }
        return Mono.empty();
    }

    /** Requests whose headers went out so far. */
    int started() {
        return started.get();
    }

    int failures() {
        return failures.get();
    }

    /** The first few failures' reasons, for the report. */
    List<String> failureReasons() {
        return List.copyOf(reasons);
    }

    private String fileUrl(String key) {
        return baseUrl + "/api/v1/files/" + key;
    }

    /** Pauses of {@code pace} per buffer, whatever its size. */
    static IntFunction<Publisher<?>> every(Duration pace) {
        return bytes -> Mono.delay(pace);
    }
}
