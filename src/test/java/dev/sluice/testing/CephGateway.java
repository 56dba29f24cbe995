package dev.sluice.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throw-away single-node Ceph cluster with its S3 gateway (RGW 16.2, from Debian's packages), started by
 * {@code src/test/ceph/rgw-cluster.sh} under {@code target/rgw/} and bound to 127.0.0.1 only: one monitor, one memstore
 * OSD (RAM), one radosgw, one S3 user. Started once per test JVM on first use; its daemons are stopped by PID when
 * the test run ends ({@link Lifecycle}, the root extension store's close), when the JVM exits (a shutdown hook),
 * and, should the JVM be killed, by the script's watchdog, which stops them when this JVM's PID goes away.
 */
public final class CephGateway {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Path SCRIPT = Path.of("src", "test", "ceph", "rgw-cluster.sh");

    private final Path dir;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private CephGateway(Path dir, URI endpoint, String accessKey, String secretKey) {
        this.dir = dir;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Starts a cluster in a new folder under {@code target/rgw/} and waits until S3 answers. */
    static CephGateway start() {
        try {
            Path parent = Files.createDirectories(Path.of("target", "rgw"));
            Path dir = parent.resolve("cluster-" + ProcessHandle.current().pid() + "-" + System.nanoTime())
                    .toAbsolutePath();
            long started = System.nanoTime();
            ProcessBuilder builder = new ProcessBuilder(List.of(
                            "bash",
                            SCRIPT.toAbsolutePath().toString(),
                            "start",
                            dir.toString(),
                            Long.toString(ProcessHandle.current().pid())))
                    .redirectError(ProcessBuilder.Redirect.appendTo(
                            parent.resolve("start-errors.log").toFile()));
            builder.environment().put("MON_PORT", Integer.toString(freePort()));
            builder.environment().put("RGW_PORT", Integer.toString(freePort()));
            Process process = builder.start();
            Map<String, String> values = new HashMap<>();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    int equals = line.indexOf('=');
                    if (equals > 0) {
                        values.put(line.substring(0, equals), line.substring(equals + 1));
                    }
                }
            }
            boolean exited = process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!exited || process.exitValue() != 0 || !values.containsKey("endpoint")) {
                process.destroyForcibly();
                CephGateway partial = new CephGateway(dir, URI.create("http://127.0.0.1:0"), "", "");
                partial.stop();
                throw new IllegalStateException("the Ceph gateway did not start (see "
                        + parent.resolve("start-errors.log") + " and the logs in " + dir + "/log)");
            }
            CephGateway gateway = new CephGateway(
                    dir, URI.create(values.get("endpoint")), values.get("access-key"), values.get("secret-key"));
            Runtime.getRuntime().addShutdownHook(new Thread(gateway::stop, "ceph-gateway-stop"));
            System.out.printf(
                    "Ceph gateway at %s ready in %.1f s (%s)%n",
                    gateway.endpoint, (System.nanoTime() - started) / 1e9, dir);
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Ceph gateway", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the Ceph gateway", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    URI endpoint() {
        return endpoint;
    }

    String accessKey() {
        return accessKey;
    }

    String secretKey() {
        return secretKey;
    }

    /** Stops the daemons by the PIDs the script recorded; idempotent. The folder is left for its logs. */
    void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            Process process = new ProcessBuilder(
                            List.of("bash", SCRIPT.toAbsolutePath().toString(), "stop", dir.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            // The data lived in the OSD's memory; what is left on disk is small apart from the logs.
            try (Stream<Path> osd = Files.walk(dir.resolve("osd"))) {
                osd.sorted(java.util.Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        } catch (IOException e) {
            // nothing left to do: the watchdog stops the daemons once this JVM is gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Puts a resource into the root extension store that stops the JVM's gateway, if one was started by then, when
     * JUnit closes that store at the end of the whole test run (before the JVM's shutdown hooks).
     */
    public static final class Lifecycle implements BeforeAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) {
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).computeIfAbsent(CephGateway.class, key ->
                    (AutoCloseable) () -> S3TestServer.startedGateway().ifPresent(CephGateway::stop));
        }
    }
}
