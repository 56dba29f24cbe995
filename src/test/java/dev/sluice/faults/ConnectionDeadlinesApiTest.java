package dev.sluice.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.PrometheusScrape;
import dev.sluice.testing.RawHttp;
import dev.sluice.testing.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Connections that never finish are cut, from outside over raw sockets: a request head that does not arrive whole
 * (408), an upload body that stops (408, the staged data removed at once), an idle keep-alive connection (closed),
 * a download whose reader takes nothing (closed); and one address cannot hold more than its share of connections
 * (429). Slow clients that keep going are never cut. Each cut is counted in {@code sluice_refusals_total}. A server
 * of its own, with timeouts of a second or two.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ConnectionDeadlinesApiTest {

    private static final Path ROOT = tempRoot();
    private static final int MAX_PER_ADDRESS = 6;

    @LocalServerPort
    int port;

    @Autowired
    WebTestClient client;

    String folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
        registry.add("sluice.storage.root", ROOT::toString);
        registry.add("sluice.storage.min-free-space", () -> "1MB");
        registry.add("sluice.upload.max-file-size", () -> "64MB");
        registry.add("sluice.http.connections.head-timeout", () -> "1s");
        registry.add("sluice.http.connections.body-read-gap", () -> "1s");
        registry.add("sluice.http.connections.idle-timeout", () -> "1500ms");
        registry.add("sluice.http.connections.download-write-gap", () -> "1s");
        registry.add("sluice.http.connections.max-per-address", () -> MAX_PER_ADDRESS);
    }

    @BeforeEach
    void setUp() {
        folder = "t-" + UUID.randomUUID() + "/";
        client = TestTokens.authorized(client);
    }

    @Test
    void aRequestHeadThatStopsHalfWayIsAnswered408() throws Exception {
        double before = refusals("head-timeout");
        try (Socket socket = socket()) {
            send(socket, "GET /api/v1/limits HTTP/1.1\r\nHost: localhost\r\nX-Half: ");
            String answer = readUntilClosed(socket);
            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"code\":\"request-timeout\"");
        }
        assertThat(refusals("head-timeout")).isEqualTo(before + 1);
    }

    @Test
    void aHeadTrickledOneByteAtATimeIsCutAtTheHeadTimeout() throws Exception {
        try (Socket socket = socket()) {
            long start = System.nanoTime();
            byte[] head =
                    "GET /api/v1/limits HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII);
            try {
                for (byte b : head) {
                    socket.getOutputStream().write(b);
                    socket.getOutputStream().flush();
                    Thread.sleep(100); // the slowloris pace; the head would take 8 s
                }
            } catch (SocketException closed) {
                // the server cut the connection while the head was still coming: what is tested
            }
            String answer = readUntilClosed(socket);
            assertThat(answer).startsWith("HTTP/1.1 408");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(4_000);
        }
    }

    @Test
    void anUploadThatStopsIsAnswered408AndLeavesNoTrace() throws Exception {
        double before = refusals("body-timeout");
        try (Socket socket = socket()) {
            send(
                    socket,
                    "PUT /api/v1/files/" + folder + "stalled.bin HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                            + TestTokens.BEARER + "\r\nContent-Length: 1000000\r\n\r\n");
            socket.getOutputStream().write(new byte[300_000]);
            socket.getOutputStream().flush();
            String answer = readUntilClosed(socket);
            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"code\":\"request-timeout\"");
            // the staged data is gone by the time the client reads the answer, or very soon after
            waitForNoStagingFiles();
        }
        client.get()
                .uri(uri("/api/v1/files/" + folder + "stalled.bin"))
                .exchange()
                .expectStatus()
                .isNotFound();
        assertThat(refusals("body-timeout")).isEqualTo(before + 1);
    }

    @Test
    void aSlowUploadThatKeepsSendingIsNotCut() throws Exception {
        byte[] content = new byte[3_072];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        try (Socket socket = socket()) {
            send(
                    socket,
                    "PUT /api/v1/files/" + folder + "slow.bin HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                            + TestTokens.BEARER + "\r\nContent-Length: " + content.length
                            + "\r\nConnection: close\r\n\r\n");
            // 1 KiB/s for 3 s, three times the body gap and the head timeout
            for (int sent = 0; sent < content.length; sent += 128) {
                socket.getOutputStream().write(content, sent, 128);
                socket.getOutputStream().flush();
                Thread.sleep(125);
            }
            assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 201");
        }
        byte[] stored = client.get()
                .uri(uri("/api/v1/files/" + folder + "slow.bin"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
        assertThat(stored).isEqualTo(content);
    }

    @Test
    void anIdleKeepAliveConnectionIsClosed() throws Exception {
        double before = refusals("idle-timeout");
        try (Socket socket = socket()) {
            send(socket, "GET /actuator/health/liveness HTTP/1.1\r\nHost: localhost\r\n\r\n");
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            assertThat(in.read(buffer)).isPositive(); // the answer; the connection stays open (keep-alive)
            long start = System.nanoTime();
            String rest = readUntilClosed(socket);
            assertThat(rest).isEmpty();
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(1_000L, 4_000L);
        }
        assertThat(refusals("idle-timeout")).isGreaterThan(before);
    }

    @Test
    void aDownloadWhoseReaderStopsIsCut() throws Exception {
        int size = 32 << 20;
        client.mutate()
                .responseTimeout(java.time.Duration.ofSeconds(60))
                .build()
                .put()
                .uri(uri("/api/v1/files/" + folder + "big.bin"))
                .bodyValue(new byte[size])
                .exchange()
                .expectStatus()
                .isCreated();
        double before = refusals("download-stalled");
        long received = 0;
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(16 * 1024);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(10_000);
            send(
                    socket,
                    "GET /api/v1/files/" + folder + "big.bin HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                            + TestTokens.BEARER + "\r\n\r\n");
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            received += in.read(buffer);
            Thread.sleep(3_000); // a reader that takes nothing: the server gives up after 1 s
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    received += n;
                }
            } catch (SocketException reset) {
                // a reset instead of an orderly close: cut as well
            }
        }
        assertThat(received).isLessThan(size);
        assertThat(refusals("download-stalled")).isEqualTo(before + 1);
    }

    @Test
    void oneAddressCannotHoldMoreThanItsShareOfConnections() throws Exception {
        Thread.sleep(2_000); // let the idle timeout close connections the other tests' client pooled
        double before = refusals("too-many-connections");
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_PER_ADDRESS; i++) {
                held.add(socket());
            }
            // Connections are counted on their own event loops: let the server count the held ones first
            Thread.sleep(300);
            try (Socket extra = socket()) {
                send(extra, "GET /actuator/health/liveness HTTP/1.1\r\nHost: localhost\r\n\r\n");
                String answer = readUntilClosed(extra);
                assertThat(answer)
                        .startsWith("HTTP/1.1 429")
                        .contains("Retry-After: 1")
                        .contains("\"code\":\"too-many-connections\"");
            }
            held.remove(0).close();
            Thread.sleep(200);
            try (Socket next = socket()) {
                send(next, "GET /actuator/health/liveness HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
                assertThat(readUntilClosed(next)).startsWith("HTTP/1.1 200");
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        Thread.sleep(200);
        assertThat(refusals("too-many-connections")).isEqualTo(before + 1);
    }

    private Socket socket() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String readUntilClosed(Socket socket) throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                response.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // what arrived before a reset still counts
        }
        return response.toString(StandardCharsets.UTF_8);
    }

    private double refusals(String reason) throws IOException {
        // A connection of its own, closed after the answer: a pooled one would count against the address's bound.
        String text = RawHttp.exchange(
                port, "GET /actuator/prometheus HTTP/1.1\r\nHost: localhost\r\n" + "Connection: close\r\n\r\n");
        assertThat(text).startsWith("HTTP/1.1 200");
        return new PrometheusScrape(text).value("sluice_refusals_total", "reason=\"" + reason + "\"");
    }

    private void waitForNoStagingFiles() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 1_000;
        while (stagingFiles() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(stagingFiles()).isZero();
    }

    private static long stagingFiles() {
        try (Stream<Path> files = Files.list(ROOT.resolve(".sluice/tmp"))) {
            return files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static Path tempRoot() {
        try {
            Path root = Files.createTempDirectory("sluice-deadlines-test");
            root.toFile().deleteOnExit();
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
