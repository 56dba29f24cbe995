package dev.sluice.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.load.LoadSummary.Percentiles;
import dev.sluice.load.LoadSummary.SlowClientsRun;
import dev.sluice.load.LoadSummary.Stage;
import dev.sluice.load.ServerMonitor.Sample;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The non-blocking demonstration of the load-test profile, against the server {@code spring-boot:start} started
 * (after the Gatling transfer mix): slow clients ramp to 100, 1,000 and 2,000 at once, half trickling an upload at
 * 1 KiB/s, half reading a 256 KiB range at ~1 KiB/s, while a probe times small requests. Each plateau is held, and
 * the server's live threads are read, before more clients arrive. Then the clients finish (uploads end their body,
 * downloads read the rest at full speed), a full GC runs in the server, and summary.md is written.
 *
 * <p>It passes only if no request fails, the probe's p99 with 2,000 slow clients is under 20 ms, the server's live
 * threads stay within 16 of those before the load, and the heap after a GC is within 16 MiB of the one before.
 */
class SlowClientsLoadIT {

    private static final int KIB = 1024;
    private static final int[] PLATEAUS = {100, 1_000, 2_000};
    private static final Duration[] HOLDS = {Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(30)};
    /** Clients are started 50 at a time, 5 times a second: a ramp of 250 clients/s. */
    private static final int RAMP_BATCH = 50;

    private static final Duration RAMP_PAUSE = Duration.ofMillis(200);
    private static final Duration TRICKLE = Duration.ofSeconds(1);
    private static final int CHUNK = KIB;
    private static final int RANGE = 256 * KIB;
    private static final String PROBE_KEY = "load/slow/probe.bin";
    private static final String DOWNLOAD_KEY = "load/slow/download.bin";

    @Test
    void twoThousandSlowClientsLeaveSmallRequestsFastAndThreadsAndHeapFlat() throws Exception {
        Path dir = Path.of(ServerMonitor.setting("dir"));
        String baseUrl = ServerMonitor.setting("base-url");
        String token = ServerMonitor.setting("token");
        int most = PLATEAUS[PLATEAUS.length - 1];
        LoopResources loops = LoopResources.create("slow-client", 2, true);
        LoopResources probeLoop = LoopResources.create("probe", 1, true);
        ConnectionProvider probeConnections = ConnectionProvider.create("probe", 1);
        try (ServerMonitor server = ServerMonitor.connect(baseUrl, token)) {
            requireOpenFiles(Path.of("/proc/self/limits"), most + 1_000, "this test JVM");
            requireOpenFiles(Path.of("/proc", Long.toString(server.pid()), "limits"), 2 * most + 1_000, "the server");

            // No pool for the slow clients: each holds a connection of its own. A small receive window, so that a
            // slow reader's bytes wait in the server's socket rather than in this JVM's.
            HttpClient slowHttp = HttpClient.create(ConnectionProvider.newConnection())
                    .runOn(loops)
                    .headers(headers -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token))
                    .option(ChannelOption.SO_RCVBUF, 16 * KIB);
            SlowClients clients = new SlowClients(slowHttp, baseUrl);
            LatencyProbe probe = new LatencyProbe(
                    HttpClient.create(probeConnections)
                            .runOn(probeLoop)
                            .headers(headers -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token)),
                    baseUrl + "/api/v1/files/" + PROBE_KEY,
                    4 * KIB);

            assertThat(clients.put(PROBE_KEY, Flux.just(new byte[4 * KIB])).block(Duration.ofSeconds(30)))
                    .isIn(200, 201);
            assertThat(clients.put(DOWNLOAD_KEY, Flux.just(new byte[1 << 20])).block(Duration.ofSeconds(30)))
                    .isIn(200, 201);
            clients.warmUp("load/slow/", 100).block(Duration.ofSeconds(60));
            long heapBefore = server.heapAfterGc();
            int threadsBefore = server.sample().liveThreads();
            int requestsBefore = clients.started();
            long started = System.nanoTime();
            server.startSampling(Duration.ofSeconds(1));

            Sinks.Empty<Void> stop = Sinks.empty();
            CompletableFuture<Void> probing =
                    probe.run(Duration.ofMillis(10), stop.asMono()).toFuture();
            List<CompletableFuture<Void>> running = new ArrayList<>();
            List<Stage> stages = new ArrayList<>();
            for (int p = 0; p < PLATEAUS.length; p++) {
                while (running.size() < PLATEAUS[p]) {
                    for (int i = 0; i < RAMP_BATCH && running.size() < PLATEAUS[p]; i++) {
                        running.add(slowClient(clients, running.size(), stop.asMono())
                                .toFuture());
                    }
                    Thread.sleep(RAMP_PAUSE.toMillis());
                }
                awaitStarted(clients, requestsBefore + PLATEAUS[p], Duration.ofSeconds(60));
                long holdStart = System.currentTimeMillis();
                probe.openWindow();
                Thread.sleep(HOLDS[p].toMillis());
                Percentiles latency = Percentiles.ofNanos(probe.closeWindow());
                Sample end = server.sample();
                int threads = server.samples().stream()
                        .filter(s -> s.atMillis() >= holdStart)
                        .mapToInt(Sample::liveThreads)
                        .max()
                        .orElse(0);
                stages.add(new Stage(PLATEAUS[p], end.connections(), Math.max(threads, end.liveThreads()), latency));
                System.out.printf(
                        "slow clients: %,d connected, server connections %d, live threads %d (%d before),"
                                + " probe p50 %.1f ms, p99 %.1f ms (%d requests)%n",
                        PLATEAUS[p],
                        end.connections(),
                        stages.get(p).liveThreads(),
                        threadsBefore,
                        latency.p50(),
                        latency.p99(),
                        latency.count());
            }
            stop.tryEmitEmpty();
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
            probing.get(30, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - started) / 1e9;
            long heapAfter = server.heapAfterGc();
            server.close();
            List<Sample> samples = new ArrayList<>(server.samples());
            samples.add(server.sample());
            ServerMonitor.writeCsv(dir.resolve("server-slow-clients.csv"), samples);

            List<String> reasons = new ArrayList<>(clients.failureReasons());
            reasons.addAll(probe.failureReasons());
            SlowClientsRun run = new SlowClientsRun(
                    threadsBefore,
                    heapBefore,
                    heapAfter,
                    stages,
                    samples,
                    clients.started() - requestsBefore,
                    clients.failures() + probe.failures(),
                    reasons,
                    seconds);
            Optional<GatlingResults> gatling = GatlingResults.newest(Path.of(ServerMonitor.setting("gatling-results")));
            gatling.ifPresent(results -> results.copyTo(dir.resolve("gatling")));
            Path gatlingSamples = dir.resolve("server-gatling.csv");
            LoadSummary.write(
                    dir.resolve("summary.md"),
                    gatling,
                    Files.exists(gatlingSamples) ? ServerMonitor.readCsv(gatlingSamples) : List.of(),
                    run,
                    "gatling");
            System.out.println("Load-test summary: " + dir.resolve("summary.md").toUri());

            assertThat(LoadSummary.failedCriteria(gatling, run))
                    .as("failed criteria, see %s", dir.resolve("summary.md"))
                    .isEmpty();
        } finally {
            probeConnections.disposeLater().block(Duration.ofSeconds(10));
            probeLoop.disposeLater().block(Duration.ofSeconds(10));
            loops.disposeLater().block(Duration.ofSeconds(10));
        }
    }

    /**
     * Client {@code i}: even ones trickle an upload, odd ones read a download slowly (each received buffer held back
     * about 1 ms per byte, so ~1 KiB/s) until {@code stop}, then the rest at full speed, and check its length.
     */
    private static Mono<Void> slowClient(SlowClients clients, int i, Mono<Void> stop) {
        if (i % 2 == 0) {
            // each starts at its own point in the second, so that the clients do not tick together
            Flux<byte[]> trickle = Flux.interval(Duration.ofMillis(i * 7L % 1000), TRICKLE)
                    .map(tick -> new byte[CHUNK])
                    .takeUntilOther(stop);
            return clients.upload("load/slow/upload-" + i + ".bin", trickle);
        }
        String key = DOWNLOAD_KEY;
        return clients.slowDownload(
                        key,
                        "bytes=0-" + (RANGE - 1),
                        206,
                        bytes -> Mono.firstWithSignal(
                                Mono.delay(Duration.ofMillis(bytes)).then(), stop))
                // no initial value: a download refused with another status is counted once, by SlowClients
                .map(Integer::longValue)
                .reduce(Long::sum)
                .flatMap(total -> total == RANGE
                        ? Mono.<Void>empty()
                        : clients.<Void>failed("GET " + key + " range: " + total + " of " + RANGE + " bytes"));
    }

    private static void awaitStarted(SlowClients clients, int requests, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (clients.started() < requests) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + clients.started() + " of " + requests
                        + " slow-client requests went out within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** Fails early, and says why, where too few file descriptors would break connections in the middle. */
    private static void requireOpenFiles(Path limits, int needed, String who) throws IOException {
        Matcher line =
                Pattern.compile("(?m)^Max open files\\s+(\\d+|unlimited)").matcher(Files.readString(limits));
        if (line.find() && !line.group(1).equals("unlimited")) {
            assertThat(Long.parseLong(line.group(1)))
                    .as("open-file limit of %s (raise `ulimit -n`)", who)
                    .isGreaterThanOrEqualTo(needed);
        }
    }
}
