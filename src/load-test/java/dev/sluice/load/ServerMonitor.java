package dev.sluice.load;

import dev.sluice.testing.PrometheusScrape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server under load, seen from outside as an operator would see it: its live JVM threads and heap from
 * {@code /actuator/prometheus}, its RSS from {@code /proc/<pid>/status}, a full GC through {@code jcmd GC.run}. The
 * PID comes from {@code /actuator/info} ({@code management.info.process.enabled=true}), so it works whatever
 * started the server. Every call blocks: call it from a plain thread, never from an event loop.
 */
final class ServerMonitor implements AutoCloseable {

    /**
     * One look at the server. Sizes in bytes; {@code connections} are its open HTTP connections (Reactor Netty's
     * gauge; -1 when it does not report it).
     */
    record Sample(long atMillis, int liveThreads, long heapUsed, long rss, long rssPeak, int connections) {

        static final String CSV_HEADER = "at_ms,live_threads,heap_used,rss,rss_peak,connections";

        String csv() {
            return atMillis + "," + liveThreads + "," + heapUsed + "," + rss + "," + rssPeak + "," + connections;
        }

        static Sample parse(String line) {
            String[] f = line.split(",");
            return new Sample(
                    Long.parseLong(f[0]),
                    Integer.parseInt(f[1]),
                    Long.parseLong(f[2]),
                    Long.parseLong(f[3]),
                    Long.parseLong(f[4]),
                    Integer.parseInt(f[5]));
        }
    }

    private static final Pattern STATUS_KIB = Pattern.compile("(?m)^(VmRSS|VmHWM):\\s+(\\d+) kB$");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;
    private final long pid;
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private ScheduledExecutorService sampler;

    private ServerMonitor(String baseUrl, String token, long pid) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.pid = pid;
    }

    static ServerMonitor connect(String baseUrl, String token) {
        JsonNode info = JsonMapper.shared().readTree(get(HttpClient.newHttpClient(), baseUrl, token, "/actuator/info"));
        long pid = info.path("process").path("pid").asLong(-1);
        if (pid <= 0) {
            throw new IllegalStateException("/actuator/info has no process.pid (start the server with "
                    + "--management.info.process.enabled=true): " + info);
        }
        return new ServerMonitor(baseUrl, token, pid);
    }

    /** Reads this run's settings, as the load-test profile passes them. */
    static String setting(String name) {
        String value = System.getProperty("sluice.load." + name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    "System property sluice.load." + name + " is not set: run " + "./mvnw -Pload-test verify");
        }
        return value;
    }

    long pid() {
        return pid;
    }

    Sample sample() {
        PrometheusScrape metrics = new PrometheusScrape(get(http, baseUrl, token, "/actuator/prometheus"));
        long[] memory = residentMemory();
        return new Sample(
                System.currentTimeMillis(),
                (int) metrics.value("jvm_threads_live_threads"),
                (long) metrics.sum("jvm_memory_used_bytes", "area=\"heap\""),
                memory[0],
                memory[1],
                gauge(metrics, "reactor_netty_http_server_connections"));
    }

    private static int gauge(PrometheusScrape metrics, String name) {
        return metrics.has(name) ? (int) metrics.sum(name) : -1;
    }

    /** A full GC in the server ({@code jcmd <pid> GC.run}), then the heap it left in use. */
    long heapAfterGc() {
        try {
            Process jcmd = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            Long.toString(pid),
                            "GC.run")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(jcmd.getInputStream().readAllBytes());
            if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " GC.run failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return sample().heapUsed();
    }

    /** Samples every {@code period} on a thread of its own until {@link #close()}. */
    void startSampling(Duration period) {
        sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "server-monitor");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(
                () -> {
                    try {
                        samples.add(sample());
                    } catch (RuntimeException missed) {
                        // a scrape that times out under load is a missing point, not a reason to stop sampling
                    }
                },
                0,
                period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The samples taken so far, oldest first. */
    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }

    static void writeCsv(Path file, List<Sample> samples) {
        List<String> lines = new ArrayList<>();
        lines.add(Sample.CSV_HEADER);
        samples.forEach(sample -> lines.add(sample.csv()));
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Sample> readCsv(Path file) {
        try {
            return Files.readAllLines(file).stream().skip(1).map(Sample::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long[] residentMemory() {
        try {
            Matcher line = STATUS_KIB.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
            long[] kib = new long[2];
            while (line.find()) {
                kib[line.group(1).equals("VmRSS") ? 0 : 1] = Long.parseLong(line.group(2)) * 1024;
            }
            return kib;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String get(HttpClient http, String baseUrl, String token, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + ": " + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
