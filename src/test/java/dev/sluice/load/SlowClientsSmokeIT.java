package dev.sluice.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ServerProcess;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The short, CI-sized version of the load test: 200 slow clients at once (100 uploads trickling 1 KiB every 100 ms,
 * 100 downloads of a 1 MiB object that take one received buffer every 100 ms, so that the rest waits in the socket
 * buffers and backpressure reaches the server) for about 5 seconds against the packaged jar in its own JVM. It asserts that
 * no request fails and that the server's thread count stays flat (at most 16 more live threads than before the
 * load); it asserts no latency, which belongs to the load-test profile on a quiet machine.
 */
class SlowClientsSmokeIT {

    private static final int UPLOADS = 100;
    private static final int DOWNLOADS = 100;
    private static final int CHUNKS = 50;
    private static final int CHUNK = 1024;
    private static final Duration PACE = Duration.ofMillis(100);
    /** Sent as a bearer token, so that the test passes with access control on (issue #5) as well as without. */
    private static final String TOKEN = "sluice-smoke-token";

    @TempDir
    Path root;

    @Test
    void twoHundredSlowClientsCauseNoErrorsAndNoThreadGrowth() throws Exception {
        try (ServerProcess server = ServerProcess.start(
                root,
                List.of("-Xmx128m"),
                List.of(
                        "--sluice.storage.min-free-space=0",
                        "--sluice.http.access-log=false",
                        "--sluice.security.tokens[0].name=smoke",
                        "--sluice.security.tokens[0].sha256=" + sha256(TOKEN),
                        "--sluice.security.tokens[0].roles=admin"))) {
            ConnectionProvider connections = ConnectionProvider.newConnection();
            SlowClients clients = new SlowClients(
                    HttpClient.create(connections)
                            .headers(headers -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + TOKEN)),
                    server.uri("").toString());
            assertThat(clients.put("smoke/source.bin", Flux.just(new byte[1 << 20]))
                            .block())
                    .isEqualTo(201);
            clients.warmUp("smoke/", 40).block(Duration.ofSeconds(60));
            int before = liveThreads(server.pid());

            AtomicLong downloaded = new AtomicLong();
            List<Mono<?>> load = new ArrayList<>();
            for (int i = 0; i < UPLOADS; i++) {
                Flux<byte[]> trickle = Flux.interval(PACE).take(CHUNKS).map(tick -> new byte[CHUNK]);
                load.add(clients.upload("smoke/slow-" + i + ".bin", trickle));
            }
            for (int i = 0; i < DOWNLOADS; i++) {
                // One received buffer per tick: the rest waits in the socket buffers (backpressure).
                load.add(clients.slowDownload("smoke/source.bin", null, 200, SlowClients.every(PACE))
                        .take(CHUNKS)
                        .doOnNext(downloaded::addAndGet)
                        .then());
            }
            int[] peak = {before};
            Mono<Void> sampler = Flux.interval(Duration.ofMillis(500), Schedulers.boundedElastic())
                    .doOnNext(tick -> peak[0] = Math.max(peak[0], liveThreadsQuietly(server.pid())))
                    .then();
            Flux.merge(Flux.fromIterable(load), 1000)
                    .then()
                    .or(sampler.then(Mono.never()))
                    .block(Duration.ofSeconds(60));
            int after = liveThreads(server.pid());
            System.out.printf(
                    "slow-clients smoke: %d clients, server live threads %d before, peak %d, %d after;"
                            + " %d bytes read by slow downloads%n",
                    UPLOADS + DOWNLOADS, before, peak[0], after, downloaded.get());

            assertThat(clients.failures())
                    .as("failed requests: %s", clients.failureReasons())
                    .isZero();
            assertThat(downloaded.get()).isPositive();
            assertThat(peak[0] - before)
                    .as("live threads: %d before, peak %d during, %d after", before, peak[0], after)
                    .isLessThanOrEqualTo(16);
            connections.disposeLater().block(Duration.ofSeconds(10));
        }
    }

    private static String sha256(String token) throws NoSuchAlgorithmException {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    private static int liveThreads(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return (int) tasks.count();
        }
    }

    private static int liveThreadsQuietly(long pid) {
        try {
            return liveThreads(pid);
        } catch (IOException e) {
            return 0;
        }
    }
}
