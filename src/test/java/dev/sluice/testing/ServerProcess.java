package dev.sluice.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged Sluice jar running in a JVM of its own, for tests that need a separate process: small heaps,
 * SIGKILL, SIGTERM. Failsafe passes the jar's path as {@code sluice.jar}; output goes to
 * {@code target/server-logs/}.
 */
public final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the jar and waits until it is ready.
     *
     * @param jvmOptions such as {@code -Xmx96m}
     * @param arguments Spring Boot arguments such as {@code --sluice.storage.fsync=false}
     */
    public static ServerProcess start(Path root, List<String> jvmOptions, List<String> arguments)
            throws IOException, InterruptedException {
        String jar = System.getProperty("sluice.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("System property sluice.jar must name the packaged jar (run through "
                    + "failsafe: ./mvnw verify); got " + jar);
        }
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar, "--server.port=" + port, "--sluice.storage.root=" + root));
        // These tests are about processes (crashes, shutdown, heap, slow clients), not access control: the server
        // runs with security off, as sluice.security.enabled=false documents for local use.
        command.add("--sluice.security.enabled=false");
        command.addAll(arguments);
        Path logs = Files.createDirectories(Path.of("target", "server-logs"));
        Path log = Files.createTempFile(logs, "sluice-server-", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ServerProcess server = new ServerProcess(process, port, log);
        // Usually ready in seconds; a JVM start on two cores shared with other builds has taken over a minute.
        server.awaitReady(Duration.ofMinutes(3));
        return server;
    }

    public URI uri(String rawPathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + rawPathAndQuery);
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    /** What the server printed so far. */
    public String output() throws IOException {
        return Files.readString(log);
    }

    /** SIGKILL: no shutdown hook, no cleanup. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, then waits for a graceful exit. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(Duration.ofSeconds(60).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Sluice exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(uri("/actuator/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("Sluice did not become ready within " + timeout + ":\n" + output());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
