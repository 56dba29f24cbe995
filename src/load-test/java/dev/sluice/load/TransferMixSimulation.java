package dev.sluice.load;

import static dev.sluice.load.TransferMix.LARGE;
import static dev.sluice.load.TransferMix.SIZES;
import static dev.sluice.load.TransferMix.SMALL;
import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.doSwitch;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.onCase;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.ByteArrayBodyPart;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * The transfer mix of the load test: raw PUT and multipart POST uploads, whole and ranged GET downloads, of 4 KiB to
 * 64 MiB objects, against the server the load-test profile started, every request with the bearer token. One user
 * seeds an object of each size; then over 60 s, 900 small-files users (each a PUT and a multipart POST, a whole GET
 * and a ranged GET of a 4 KiB and of a 64 KiB object) and 90 large-files users (each the same four kinds of request
 * on one object of 1, 16 or 64 MiB, in turn) arrive at an even pace. Uploads replace a bounded set of keys, so the
 * disk use stays bounded. It passes only when no request fails; the server is sampled meanwhile (server-gatling.csv).
 */
public class TransferMixSimulation extends Simulation {

    private static final int SMALL_USERS = 900;
    private static final int LARGE_USERS = 90;
    private static final Duration ARRIVALS = Duration.ofSeconds(60);
    /** Keys each kind of upload cycles through. */
    private static final int KEYS = 8;

    private final Path dir = Path.of(ServerMonitor.setting("dir"));
    private final String baseUrl = ServerMonitor.setting("base-url");
    private final String token = ServerMonitor.setting("token");
    private final Map<Integer, byte[]> bodies = new HashMap<>();
    private ServerMonitor server;

    {
        // Random content, so that nothing on the way could shortcut it; the same every run.
        Random random = new Random(4);
        for (int size : SIZES) {
            byte[] body = new byte[size];
            random.nextBytes(body);
            bodies.put(size, body);
        }

        HttpProtocolBuilder protocol =
                http.baseUrl(baseUrl).authorizationHeader("Bearer " + token).disableCaching();

        ChainBuilder seed = exec(SIZES.stream()
                .map(size -> exec(http("seed " + TransferMix.label(size))
                        .put(objectPath(size))
                        .body(ByteArrayBody(bodies.get(size)))
                        .check(status().in(200, 201))))
                .toList());
        ScenarioBuilder seeding = scenario("seed one object of each size").exec(seed);

        ScenarioBuilder small =
                scenario("small files").exec(SMALL.stream().map(this::transfers).toList());
        // Large-files users take 1, 16 and 64 MiB in turn, so that every run moves the same bytes.
        AtomicInteger arrivals = new AtomicInteger();
        ScenarioBuilder large = scenario("large files")
                .exec(doSwitch(session -> arrivals.getAndIncrement() % LARGE.size())
                        .on(IntStream.range(0, LARGE.size())
                                .mapToObj(i -> onCase(i).then(transfers(LARGE.get(i))))
                                .toList()));

        setUp(seeding.injectOpen(atOnceUsers(1))
                        .andThen(
                                small.injectOpen(rampUsers(SMALL_USERS).during(ARRIVALS)),
                                large.injectOpen(rampUsers(LARGE_USERS).during(ARRIVALS))))
                .protocols(protocol)
                .assertions(global().failedRequests().count().is(0L))
                .maxDuration(Duration.ofMinutes(3));
    }

    /** A PUT and a multipart POST of {@code size} bytes, a whole GET and a ranged GET of the seeded object. */
    private ChainBuilder transfers(int size) {
        byte[] body = bodies.get(size);
        String label = TransferMix.label(size).replace(" ", "");
        long start = TransferMix.rangeStart(size);
        long end = start + TransferMix.rangeLength(size) - 1;
        return exec(
                http(TransferMix.putRaw(size))
                        .put(session -> "/api/v1/files/load/put/" + label + "-" + session.userId() % KEYS + ".bin")
                        .header("Content-Type", "application/octet-stream")
                        .body(ByteArrayBody(body))
                        .check(status().in(200, 201)),
                http(TransferMix.postMultipart(size))
                        .post("/api/v1/files?prefix=load/multipart/&conflict=replace")
                        .bodyPart(ByteArrayBodyPart("file", body)
                                .fileName(session -> label + "-" + session.userId() % KEYS + ".bin")
                                .contentType("application/octet-stream"))
                        .asMultipartForm()
                        .check(status().is(201)),
                http(TransferMix.getWhole(size))
                        .get(objectPath(size))
                        .check(status().is(200), header("Content-Length").is(Integer.toString(size))),
                http(TransferMix.getRange(size))
                        .get(objectPath(size))
                        .header("Range", "bytes=" + start + "-" + end)
                        .check(
                                status().is(206),
                                header("Content-Range").is("bytes " + start + "-" + end + "/" + size)));
    }

    private static String objectPath(int size) {
        return "/api/v1/files/load/objects/" + TransferMix.label(size).replace(" ", "") + ".bin";
    }

    @Override
    public void before() {
        server = ServerMonitor.connect(baseUrl, token);
        server.startSampling(Duration.ofSeconds(1));
    }

    @Override
    public void after() {
        server.close();
        ServerMonitor.writeCsv(dir.resolve("server-gatling.csv"), server.samples());
    }
}
