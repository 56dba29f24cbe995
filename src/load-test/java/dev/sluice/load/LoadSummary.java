package dev.sluice.load;

import dev.sluice.load.ServerMonitor.Sample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/** The one-page summary of a load-test run ({@code target/load-test/summary.md}), and the verdict it shows. */
final class LoadSummary {

    static final int MAX_EXTRA_THREADS = 16;
    static final long MAX_HEAP_GROWTH = 16L << 20;
    static final double MAX_PROBE_P99_MS = 20;

    /** Latency percentiles in ms, nearest rank. */
    record Percentiles(int count, double p50, double p95, double p99, double max) {

        static Percentiles ofNanos(List<Long> nanos) {
            // a few thousand samples: sorting them gives exact percentiles, no histogram needed
            List<Long> sorted = nanos.stream().sorted().toList();
            return new Percentiles(
                    sorted.size(), rank(sorted, 50), rank(sorted, 95), rank(sorted, 99), rank(sorted, 100));
        }

        private static double rank(List<Long> sorted, double percentile) {
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(percentile / 100 * sorted.size()) - 1;
            return sorted.get(Math.max(0, index)) / 1e6;
        }
    }

    /** One plateau of slow clients: live threads are the most seen while it held. */
    record Stage(int clients, int serverConnections, int liveThreads, Percentiles probe) {}

    /** What the slow-clients test measured. */
    record SlowClientsRun(
            int threadsBefore,
            long heapBeforeGc,
            long heapAfterGc,
            List<Stage> stages,
            List<Sample> samples,
            int requests,
            int failures,
            List<String> failureReasons,
            double seconds) {

        int maxThreads() {
            return stages.stream().mapToInt(Stage::liveThreads).max().orElse(threadsBefore);
        }

        Stage last() {
            return stages.get(stages.size() - 1);
        }
    }

    private LoadSummary() {}

    /** The criteria of issue #4 that failed, empty when the run passed. */
    static List<String> failedCriteria(Optional<GatlingResults> gatling, SlowClientsRun slow) {
        List<String> failed = new ArrayList<>();
        if (gatling.isEmpty()) {
            failed.add("no Gatling report found");
        } else if (gatling.get().all().ko() > 0) {
            failed.add(gatling.get().all().ko() + " Gatling requests failed");
        }
        if (slow.failures() > 0) {
            failed.add(slow.failures() + " slow-client or probe requests failed: " + slow.failureReasons());
        }
        if (!(slow.last().probe().p99() < MAX_PROBE_P99_MS)) {
            failed.add(String.format(
                    Locale.ROOT,
                    "probe p99 with %d slow clients is %.1f ms, not under %.0f ms",
                    slow.last().clients(),
                    slow.last().probe().p99(),
                    MAX_PROBE_P99_MS));
        }
        if (slow.maxThreads() - slow.threadsBefore() > MAX_EXTRA_THREADS) {
            failed.add("live threads grew from " + slow.threadsBefore() + " to " + slow.maxThreads());
        }
        if (slow.heapAfterGc() - slow.heapBeforeGc() > MAX_HEAP_GROWTH) {
            failed.add("heap after GC grew from " + mib(slow.heapBeforeGc()) + " to " + mib(slow.heapAfterGc()));
        }
        return failed;
    }

    static void write(
            Path file,
            Optional<GatlingResults> gatling,
            List<Sample> gatlingSamples,
            SlowClientsRun slow,
            String reportLink) {
        List<String> failed = failedCriteria(gatling, slow);
        StringBuilder md = new StringBuilder();
        line(md, "# Sluice load test: %s", failed.isEmpty() ? "PASSED" : "FAILED");
        line(md, "");
        line(
                md,
                "Run of `./mvnw -Pload-test verify` finished %s on %d cores, Java %s. The server ran with `-Xmx128m`"
                        + " (no other JVM flags), a bearer token, and default settings otherwise (`fsync=true`).",
                Instant.now().truncatedTo(ChronoUnit.SECONDS),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        line(md, "");
        line(md, "| criterion | measured | verdict |");
        line(md, "|---|---|---|");
        long ko = gatling.map(g -> g.all().ko()).orElse(-1L);
        line(
                md,
                "| no request fails | Gatling %s failed; slow clients and probe %d failed | %s |",
                ko < 0 ? "(no report)" : Long.toString(ko),
                slow.failures(),
                ok(ko == 0 && slow.failures() == 0));
        line(
                md,
                "| probe p99 < %.0f ms with %d slow clients | %.1f ms | %s |",
                MAX_PROBE_P99_MS,
                slow.last().clients(),
                slow.last().probe().p99(),
                ok(slow.last().probe().p99() < MAX_PROBE_P99_MS));
        line(
                md,
                "| live threads at most %d above the %d before | %s at 100/1,000/2,000 clients | %s |",
                MAX_EXTRA_THREADS,
                slow.threadsBefore(),
                String.join(
                        " / ",
                        slow.stages().stream()
                                .map(s -> Integer.toString(s.liveThreads()))
                                .toList()),
                ok(slow.maxThreads() - slow.threadsBefore() <= MAX_EXTRA_THREADS));
        line(
                md,
                "| heap after GC within 16 MiB of the start | %s before, %s after | %s |",
                mib(slow.heapBeforeGc()),
                mib(slow.heapAfterGc()),
                ok(slow.heapAfterGc() - slow.heapBeforeGc() <= MAX_HEAP_GROWTH));
        if (!failed.isEmpty()) {
            line(md, "");
            failed.forEach(reason -> line(md, "- %s", reason));
        }

        line(md, "");
        line(md, "## Transfer mix (Gatling)");
        line(md, "");
        if (gatling.isEmpty()) {
            line(md, "No Gatling report was found.");
        } else {
            transferMix(md, gatling.get(), reportLink);
        }

        line(md, "");
        line(md, "## Slow clients (Reactor Netty)");
        line(md, "");
        line(
                md,
                "Half of the clients trickle an upload at 1 KiB/s, half read a 256 KiB range of a download at"
                        + " ~1 KiB/s with a 16 KiB receive buffer (so that socket buffers hold only part of the range and the"
                        + " server has to wait for its reader); a probe meanwhile sends a GET of a 4 KiB object and a HEAD"
                        + " of it in turn, 10 ms apart, on a connection of its own. Each plateau is held before the next"
                        + " clients arrive; latencies are those of the plateau. Live threads are the server's"
                        + " `jvm.threads.live`, the most seen during the plateau.");
        line(md, "");
        line(
                md,
                "| slow clients | server's open connections | live threads | probe requests | p50 ms | p95 ms |"
                        + " p99 ms | max ms |");
        line(md, "|---|---|---|---|---|---|---|---|");
        line(md, "| 0 (before) | | %d | | | | | |", slow.threadsBefore());
        for (Stage stage : slow.stages()) {
            Percentiles p = stage.probe();
            line(
                    md,
                    "| %,d | %,d | %d | %d | %.1f | %.1f | %.1f | %.1f |",
                    stage.clients(),
                    stage.serverConnections(),
                    stage.liveThreads(),
                    p.count(),
                    p.p50(),
                    p.p95(),
                    p.p99(),
                    p.max());
        }
        line(md, "");
        line(
                md,
                "%,d slow-client requests in %.0f s, %d failed. Heap after a full GC (`jcmd GC.run`): %s before the"
                        + " slow clients, %s after them.",
                slow.requests(),
                slow.seconds(),
                slow.failures(),
                mib(slow.heapBeforeGc()),
                mib(slow.heapAfterGc()));
        slow.failureReasons().forEach(reason -> line(md, "- %s", reason));

        line(md, "");
        line(md, "## The server over the run");
        line(md, "");
        line(md, "Sampled every second from `/actuator/prometheus` and `/proc/<pid>/status`.");
        line(md, "");
        line(
                md,
                "| phase | samples | heap used min / max / end | RSS min / max / end | peak RSS (VmHWM) |"
                        + " live threads min / max |");
        line(md, "|---|---|---|---|---|---|");
        List<Sample> all = new ArrayList<>(gatlingSamples);
        all.addAll(slow.samples());
        for (Map.Entry<String, List<Sample>> phase : List.of(
                Map.entry("transfer mix", gatlingSamples),
                Map.entry("slow clients", slow.samples()),
                Map.entry("whole run", all))) {
            List<Sample> samples = phase.getValue();
            if (samples.isEmpty()) {
                line(md, "| %s | 0 | | | | |", phase.getKey());
                continue;
            }
            line(
                    md,
                    "| %s | %d | %s | %s | %s | %d / %d |",
                    phase.getKey(),
                    samples.size(),
                    minMaxEnd(samples, Sample::heapUsed),
                    minMaxEnd(samples, Sample::rss),
                    mib(samples.stream().mapToLong(Sample::rssPeak).max().orElse(0)),
                    samples.stream().mapToInt(Sample::liveThreads).min().orElse(0),
                    samples.stream().mapToInt(Sample::liveThreads).max().orElse(0));
        }
        line(md, "");
        line(md, "Raw samples: `server-gatling.csv`, `server-slow-clients.csv`; the server's log: `server.log`.");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, md);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void transferMix(StringBuilder md, GatlingResults gatling, String reportLink) {
        GatlingResults.Row all = gatling.all();
        Map<String, Long> bytes = TransferMix.bytesByRequest();
        double moved = gatling.rows().stream()
                .skip(1)
                .mapToDouble(row -> row.ok() * (double) bytes.getOrDefault(row.name(), 0L))
                .sum();
        double seconds = gatling.seconds();
        line(
                md,
                "Raw PUT and multipart POST uploads, whole and ranged GET downloads of 4 KiB to 64 MiB objects"
                        + " (see `TransferMixSimulation`). Gatling's report: [%s](%s).",
                reportLink,
                reportLink + "/index.html");
        line(md, "");
        line(
                md,
                "%,d requests in %.0f s: **%.1f requests/s**, **%.1f MiB/s** of bodies (%.2f GiB), %d failed."
                        + " Response times (ms): min %d, p50 %d, p75 %d, p95 %d, p99 %d, max %d, mean %d.",
                all.total(),
                seconds,
                all.perSecond(),
                moved / seconds / (1 << 20),
                moved / (1 << 30),
                all.ko(),
                all.min(),
                all.p50(),
                all.p75(),
                all.p95(),
                all.p99(),
                all.max(),
                all.mean());
        line(md, "");
        line(md, "| request | count | failed | p50 ms | p95 ms | p99 ms | max ms |");
        line(md, "|---|---|---|---|---|---|---|");
        gatling.rows().stream()
                .skip(1)
                .forEach(row -> line(
                        md,
                        "| %s | %,d | %d | %d | %d | %d | %d |",
                        row.name(),
                        row.total(),
                        row.ko(),
                        row.p50(),
                        row.p95(),
                        row.p99(),
                        row.max()));
    }

    private static String minMaxEnd(List<Sample> samples, ToLongFunction<Sample> value) {
        return mib(samples.stream().mapToLong(value).min().orElse(0)) + " / "
                + mib(samples.stream().mapToLong(value).max().orElse(0)) + " / "
                + mib(value.applyAsLong(samples.get(samples.size() - 1)));
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String ok(boolean passed) {
        return passed ? "pass" : "**FAIL**";
    }

    private static void line(StringBuilder md, String format, Object... args) {
        md.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
