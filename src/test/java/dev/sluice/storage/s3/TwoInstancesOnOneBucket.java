package dev.sluice.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.storage.ObjectKey;
import dev.sluice.testing.S3TestServer;
import dev.sluice.testing.ServerProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two Sluice processes (the packaged jar, on two ports) over one bucket of a real S3 server ({@link #kind()}),
 * sharing nothing else: what one stores the other lists and serves, concurrent writers of one key through both leave
 * exactly one writer's whole content, and create-only writers racing through both are checked for what the server's
 * publish path guarantees (exactly one winner, unless the server honours no conditional write at all).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TwoInstancesOnOneBucket {

    private static final String PREFIX = "shared/";
    /** Short, so that the stale-lock test waits only this long; a live holder renews every third of it. */
    private static final Duration LEASE = Duration.ofSeconds(3);

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static ServerProcess a;
    private static ServerProcess b;
    private static String bucket;
    private static String lockBucket;
    private static S3TestServer server;
    private static ConditionalWrites writes;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The server both instances use. */
    abstract S3TestServer.Kind kind();

    /** The bucket for the publish locks ({@code sluice.storage.s3.lock-bucket}), or null for the objects' bucket. */
    String lockBucket(S3TestServer server) {
        return null;
    }

    @BeforeAll
    void startTwoInstances() throws Exception {
        server = S3TestServer.of(kind());
        bucket = server.newBucket(true);
        String locks = lockBucket(server);
        lockBucket = locks == null ? bucket : locks;
        writes = new ConditionalWriteProbe(server.client(), bucket, lockBucket, PREFIX).run();
        List<String> arguments = new ArrayList<>(List.of(
                "--sluice.storage.type=s3",
                "--sluice.storage.s3.endpoint=" + server.endpoint(),
                "--sluice.storage.s3.bucket=" + bucket,
                "--sluice.storage.s3.access-key=" + server.accessKey(),
                "--sluice.storage.s3.secret-key=" + server.secretKey(),
                "--sluice.storage.s3.key-prefix=" + PREFIX,
                "--sluice.storage.s3.part-size=5MB",
                "--sluice.storage.s3.lock-lease=" + LEASE.toSeconds() + "s"));
        if (locks != null) {
            arguments.add("--sluice.storage.s3.lock-bucket=" + locks);
        }
        // One after the other: two JVMs starting at once on two busy cores can miss ServerProcess's ready timeout.
        // Each needs a root only because ServerProcess passes one; the S3 backend ignores it.
        a = start(arguments);
        b = start(arguments);
    }

    @AfterAll
    void stopBoth() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void whatOneInstanceStoresTheOtherListsServesAndDeletes() throws Exception {
        byte[] content = random(3 << 20, 1);
        assertThat(put(a, "handover/photo.bin", content, null).statusCode()).isEqualTo(201);

        HttpResponse<String> listing = HTTP.send(
                HttpRequest.newBuilder(b.uri("/api/v1/files?prefix=handover/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(listing.statusCode()).isEqualTo(200);
        assertThat(listing.body()).contains("\"key\":\"handover/photo.bin\"").contains("\"size\":" + content.length);
        assertThat(get(b, "handover/photo.bin")).isEqualTo(content);
        HttpResponse<String> metadata = HTTP.send(
                HttpRequest.newBuilder(b.uri("/api/v1/metadata/handover/photo.bin"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metadata.body()).contains("\"sha256\":\"" + sha256(content) + "\"");

        HttpResponse<Void> deleted = HTTP.send(
                HttpRequest.newBuilder(b.uri("/api/v1/files/handover/photo.bin"))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(HTTP.send(
                                HttpRequest.newBuilder(a.uri("/api/v1/files/handover/photo.bin"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(404);
    }

    /**
     * Eight writers, four through each instance, some single-part and some multipart (over the 5 MiB part): the
     * key ends up holding exactly one writer's whole content, its stored SHA-256 is that content's, and nothing is
     * left in staging.
     */
    @Test
    void concurrentWritersOfOneKeyThroughBothLeaveExactlyOneWholeVersion() throws Exception {
        List<byte[]> contents = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> writes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            byte[] content = random(i % 2 == 0 ? 1 << 20 : 6 << 20, 100 + i);
            contents.add(content);
            writes.add(putAsync(i < 4 ? a : b, "race/one-key.bin", content, null));
        }
        for (CompletableFuture<HttpResponse<String>> write : writes) {
            assertThat(write.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
                            .statusCode())
                    .isIn(200, 201);
        }

        byte[] fromA = get(a, "race/one-key.bin");
        byte[] fromB = get(b, "race/one-key.bin");
        assertThat(fromB).isEqualTo(fromA);
        Set<String> written =
                contents.stream().map(TwoInstancesOnOneBucket::sha256).collect(Collectors.toSet());
        assertThat(written).contains(sha256(fromA));
        HttpResponse<String> metadata = HTTP.send(
                HttpRequest.newBuilder(a.uri("/api/v1/metadata/race/one-key.bin"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metadata.body())
                .contains("\"sha256\":\"" + sha256(fromA) + "\"")
                .contains("\"size\":" + fromA.length);
        awaitNoLeftovers();
    }

    /**
     * Create-only writers ({@code If-None-Match: *}) racing through both instances, two through each, in rounds of a
     * new key: exactly one wins each round (201), every other writer gets 412, and the key holds the winner's whole
     * content. On a server that honours conditional copies that is the copy's own header; on one that honours them
     * on PutObject only (Ceph RGW 16.2, s3proxy 4.1.0) it is the key's lock object. Only on a server that honours
     * neither could two processes both win, which is then printed, not asserted.
     */
    @Test
    void createOnlyWritersRacingThroughBothLetExactlyOneWin() throws Exception {
        boolean atomic = !writes.publishNeedsLock() || writes.locksAreAtomic();
        System.out.println("create-only race through two instances on " + kind() + ": " + writes.describe());
        for (int round = 0; round < 6; round++) {
            String key = "create-only/round-" + round + ".bin";
            List<byte[]> contents = new ArrayList<>();
            List<CompletableFuture<HttpResponse<String>>> writers = new ArrayList<>();
            for (int writer = 0; writer < 4; writer++) {
                byte[] content = random(writer % 2 == 0 ? 512 * 1024 : 6 << 20, 200 + 10L * round + writer);
                contents.add(content);
                writers.add(putAsync(writer % 2 == 0 ? a : b, key, content, "*"));
            }
            List<Integer> statuses = new ArrayList<>();
            Set<String> winners = new java.util.HashSet<>();
            for (int writer = 0; writer < writers.size(); writer++) {
                int status = writers.get(writer)
                        .get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
                        .statusCode();
                statuses.add(status);
                if (status == 201) {
                    winners.add(sha256(contents.get(writer)));
                }
            }
            assertThat(statuses).as("round %d", round).contains(201).allMatch(s -> s == 201 || s == 412);
            if (atomic) {
                assertThat(statuses)
                        .as("round %d: exactly one create-only writer wins", round)
                        .containsOnlyOnce(201);
            } else if (winners.size() > 1) {
                System.out.println("round " + round + ": " + winners.size() + " create-only writers won (" + kind()
                        + " honours no conditional write)");
            }
            assertThat(winners)
                    .as("round %d: the key holds a winner's content", round)
                    .contains(sha256(get(a, key)));
        }
        awaitNoLeftovers();
    }

    /**
     * Replace-only writers ({@code If-Match} with the current ETag) racing through both instances: exactly one
     * replaces the version they all saw, the others get 412.
     */
    @Test
    void replaceOnlyWritersRacingThroughBothLetExactlyOneWin() throws Exception {
        boolean atomic = !writes.publishNeedsLock() || writes.locksAreAtomic();
        String key = "replace-only/doc.bin";
        String eTag =
                put(a, key, random(1024, 7), null).headers().firstValue("ETag").orElseThrow();
        List<CompletableFuture<HttpResponse<String>>> writers = new ArrayList<>();
        for (int writer = 0; writer < 4; writer++) {
            HttpRequest request = HttpRequest.newBuilder((writer % 2 == 0 ? a : b).uri("/api/v1/files/" + key))
                    .header("If-Match", eTag)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(random(256 * 1024, 400 + writer)))
                    .build();
            writers.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> writer : writers) {
            statuses.add(writer.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
                    .statusCode());
        }
        assertThat(statuses).contains(200).allMatch(s -> s == 200 || s == 412);
        if (atomic) {
            assertThat(statuses).as("exactly one replace-only writer wins").containsOnlyOnce(200);
        }
        awaitNoLeftovers();
    }

    /**
     * A publish lock left by a writer that crashed (written here directly, never renewed) holds the key for the
     * lease only: a create-only upload through an instance waits, takes it over and succeeds, and no lock is left.
     */
    @Test
    void aStaleLockOfACrashedWriterIsTakenOverAfterTheLease() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                writes.publishNeedsLock() && writes.locksAreAtomic(), "this server publishes without locks");
        ObjectKey key = ObjectKey.of("stale-lock/after-crash.bin");
        String lockKey = new PublishLocks(server.client(), lockBucket, PREFIX, writes.put(), LEASE).lockKey(key);
        server.client()
                .putObject(
                        request -> request.bucket(lockBucket).key(lockKey),
                        software.amazon.awssdk.core.async.AsyncRequestBody.fromString("crashed writer"))
                .join();
        long started = System.nanoTime();
        byte[] content = random(64 * 1024, 9);
        assertThat(put(b, key.value(), content, "*").statusCode()).isEqualTo(201);
        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        assertThat(waited).as("waited for the lease").isGreaterThanOrEqualTo(LEASE.minusMillis(1000));
        assertThat(get(a, key.value())).isEqualTo(content);
        assertThat(server.keys(lockBucket, PREFIX + ".sluice/locks/"))
                .as("locks left")
                .isEmpty();
        assertThat(a.output() + b.output()).contains("Taking over the publish lock " + lockKey);
    }

    /** Each instance logs what the probe found and the publish path it chose. */
    @Test
    void eachInstanceLogsTheProbeAndItsPublishPath() throws Exception {
        String expected = !writes.publishNeedsLock()
                ? "publishing with conditional copies"
                : writes.locksAreAtomic() ? "publishing under a lock object per key" : "atomic only among";
        assertThat(a.output())
                .contains("S3 server conditional writes: " + writes.describe())
                .contains(expected);
        assertThat(b.output())
                .contains("S3 server conditional writes: " + writes.describe())
                .contains(expected);
    }

    /**
     * A tus upload begun on one instance is continued on the other (its record and its multipart upload are in the
     * bucket), and while one instance writes a chunk, the other refuses a PATCH of the same upload (409 with the
     * offset) instead of corrupting it.
     */
    @Test
    void aTusUploadBegunOnOneInstanceIsFinishedOnTheOtherAndNeverWrittenByBothAtOnce() throws Exception {
        byte[] content = random(7 << 20, 31);
        int first = 3 << 20;
        String path = tusCreate(a, content.length, "tus-handover.bin");
        assertThat(tusPatch(a, path, 0, java.util.Arrays.copyOfRange(content, 0, first))
                        .statusCode())
                .isEqualTo(204);
        HttpResponse<Void> head = HTTP.send(
                HttpRequest.newBuilder(b.uri(path))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(head.headers().firstValue("Upload-Offset")).contains(Integer.toString(first));

        // b writes the rest slowly; meanwhile a PATCH on a is refused.
        byte[] rest = java.util.Arrays.copyOfRange(content, first, content.length);
        CompletableFuture<HttpResponse<String>> slow = HTTP.sendAsync(
                HttpRequest.newBuilder(b.uri(path))
                        .method(
                                "PATCH",
                                HttpRequest.BodyPublishers.fromPublisher(
                                        HttpRequest.BodyPublishers.ofInputStream(
                                                () -> new SlowStream(rest, 64 * 1024, Duration.ofMillis(25))),
                                        rest.length))
                        .header("Tus-Resumable", "1.0.0")
                        .header("Upload-Offset", Integer.toString(first))
                        .header("Content-Type", "application/offset+octet-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(1000);
        HttpResponse<String> refused = tusPatch(a, path, first, rest);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("upload-busy");
        assertThat(refused.headers().firstValue("Upload-Offset")).contains(Integer.toString(first));

        HttpResponse<String> finished = slow.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertThat(finished.statusCode()).isEqualTo(204);
        assertThat(finished.headers().firstValue("Sluice-Key")).contains("tus/tus-handover.bin");
        assertThat(get(a, "tus/tus-handover.bin")).isEqualTo(content);
        awaitNoLeftovers();
    }

    private static String tusCreate(ServerProcess server, long length, String name) throws Exception {
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        HttpResponse<String> created = HTTP.send(
                HttpRequest.newBuilder(server.uri("/api/v1/uploads"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .header("Tus-Resumable", "1.0.0")
                        .header("Upload-Length", Long.toString(length))
                        .header(
                                "Upload-Metadata",
                                "filename "
                                        + base64.encodeToString(name.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                                        + ",prefix "
                                        + base64.encodeToString(
                                                "tus/".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.indexOf("/api/v1/uploads"));
    }

    private static HttpResponse<String> tusPatch(ServerProcess server, String path, long offset, byte[] chunk)
            throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(server.uri(path))
                        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk))
                        .header("Tus-Resumable", "1.0.0")
                        .header("Upload-Offset", Long.toString(offset))
                        .header("Content-Type", "application/offset+octet-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A body that arrives {@code step} bytes at a time, {@code pause} apart. */
    private static final class SlowStream extends java.io.InputStream {
        private final byte[] content;
        private final int step;
        private final Duration pause;
        private int position;
        private int inStep;

        SlowStream(byte[] content, int step, Duration pause) {
            this.content = content;
            this.step = step;
            this.pause = pause;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position == content.length) {
                return -1;
            }
            if (inStep == step) {
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
                inStep = 0;
            }
            int count = Math.min(Math.min(length, step - inStep), content.length - position);
            System.arraycopy(content, position, buffer, offset, count);
            position += count;
            inStep += count;
            return count;
        }
    }

    private static ServerProcess start(List<String> arguments) {
        try {
            Path root = Files.createTempDirectory("sluice-unused-root");
            return ServerProcess.start(root, List.of("-Xmx192m"), arguments);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitNoLeftovers() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> left = leftovers();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = leftovers();
        }
        assertThat(left).as("staging objects and open multipart uploads").isEmpty();
    }

    /** Staging objects, open multipart uploads and publish locks. */
    private static List<String> leftovers() {
        List<String> left = new ArrayList<>(server.uploadLeftovers(bucket, PREFIX));
        server.keys(lockBucket, PREFIX + ".sluice/locks/").forEach(key -> left.add("lock " + key));
        return left;
    }

    /**
     * A WebDAV lock lives in the bucket, not in the instance that granted it: taken through one, it refuses writes
     * without its token through the other (over WebDAV and over the v1 API alike), admits the write that submits
     * it, and is released through the other instance too.
     */
    @Test
    void aWebDavLockTakenThroughOneInstanceHoldsOnTheOther() throws Exception {
        assertThat(put(a, "locked/doc.txt", "v1".getBytes(StandardCharsets.UTF_8), null)
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<String> lock = HTTP.send(
                HttpRequest.newBuilder(a.uri("/dav/locked/doc.txt"))
                        .header("Content-Type", "application/xml; charset=utf-8")
                        .header("Depth", "0")
                        .header("Timeout", "Second-600")
                        .method(
                                "LOCK",
                                HttpRequest.BodyPublishers.ofString("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                                        + "<D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/></D:lockscope>"
                                        + "<D:locktype><D:write/></D:locktype></D:lockinfo>"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(lock.statusCode()).as(lock.body()).isEqualTo(200);
        String token = lock.headers().firstValue("Lock-Token").orElseThrow();

        assertThat(davPut(b, "locked/doc.txt", "v2", null)).isEqualTo(423);
        assertThat(put(b, "locked/doc.txt", "v2".getBytes(StandardCharsets.UTF_8), null)
                        .statusCode())
                .isEqualTo(423);
        assertThat(new String(get(b, "locked/doc.txt"), StandardCharsets.UTF_8)).isEqualTo("v1");
        assertThat(davPut(b, "locked/doc.txt", "v3", "(" + token + ")")).isEqualTo(204);

        HttpResponse<String> unlock = HTTP.send(
                HttpRequest.newBuilder(b.uri("/dav/locked/doc.txt"))
                        .header("Lock-Token", token)
                        .method("UNLOCK", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unlock.statusCode()).as(unlock.body()).isEqualTo(204);
        assertThat(put(a, "locked/doc.txt", "v4".getBytes(StandardCharsets.UTF_8), null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(new String(get(b, "locked/doc.txt"), StandardCharsets.UTF_8)).isEqualTo("v4");
    }

    private static int davPut(ServerProcess server, String path, String content, String ifHeader) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(server.uri("/dav/" + path)).PUT(HttpRequest.BodyPublishers.ofString(content));
        if (ifHeader != null) {
            request.header("If", ifHeader);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static HttpResponse<String> put(ServerProcess server, String key, byte[] content, String ifNoneMatch)
            throws Exception {
        return putAsync(server, key, content, ifNoneMatch)
                .get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    }

    private static CompletableFuture<HttpResponse<String>> putAsync(
            ServerProcess server, String key, byte[] content, String ifNoneMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/api/v1/files/" + key))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] get(ServerProcess server, String key) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(
                HttpRequest.newBuilder(server.uri("/api/v1/files/" + key)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
