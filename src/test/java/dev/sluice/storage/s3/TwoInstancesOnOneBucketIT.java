package dev.sluice.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.S3TestServer;
import dev.sluice.testing.ServerProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/**
 * Two Sluice processes (the packaged jar, on two ports) over one bucket of an s3proxy in this JVM, sharing nothing
 * else: what one stores the other lists and serves, concurrent writers of one key through both leave exactly one
 * writer's whole content, and create-only writers racing through both are checked for what s3proxy can guarantee.
 */
class TwoInstancesOnOneBucketIT {

    private static final String PREFIX = "shared/";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static ServerProcess a;
    private static ServerProcess b;
    private static String bucket;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startTwoInstances() throws Exception {
        bucket = S3TestServer.get().newBucket(true);
        List<String> arguments = List.of("--sluice.storage.type=s3",
                "--sluice.storage.s3.endpoint=" + S3TestServer.get().endpoint(),
                "--sluice.storage.s3.bucket=" + bucket,
                "--sluice.storage.s3.access-key=" + S3TestServer.ACCESS_KEY,
                "--sluice.storage.s3.secret-key=" + S3TestServer.SECRET_KEY,
                "--sluice.storage.s3.key-prefix=" + PREFIX,
                "--sluice.storage.s3.part-size=5MB");
        // Started side by side: each needs a root only because ServerProcess passes one; the S3 backend ignores it.
        CompletableFuture<ServerProcess> first = CompletableFuture.supplyAsync(() -> start(arguments));
        CompletableFuture<ServerProcess> second = CompletableFuture.supplyAsync(() -> start(arguments));
        a = first.join();
        b = second.join();
    }

    @AfterAll
    static void stopBoth() throws Exception {
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

        HttpResponse<String> listing = HTTP.send(HttpRequest.newBuilder(b.uri("/api/v1/files?prefix=handover/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(listing.statusCode()).isEqualTo(200);
        assertThat(listing.body()).contains("\"key\":\"handover/photo.bin\"").contains("\"size\":" + content.length);
        assertThat(get(b, "handover/photo.bin")).isEqualTo(content);
        HttpResponse<String> metadata = HTTP.send(HttpRequest.newBuilder(b.uri("/api/v1/metadata/handover/photo.bin"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metadata.body()).contains("\"sha256\":\"" + sha256(content) + "\"");

        HttpResponse<Void> deleted = HTTP.send(HttpRequest.newBuilder(b.uri("/api/v1/files/handover/photo.bin"))
                .DELETE().build(), HttpResponse.BodyHandlers.discarding());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(HTTP.send(HttpRequest.newBuilder(a.uri("/api/v1/files/handover/photo.bin")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
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
            assertThat(write.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).statusCode())
                    .isIn(200, 201);
        }

        byte[] fromA = get(a, "race/one-key.bin");
        byte[] fromB = get(b, "race/one-key.bin");
        assertThat(fromB).isEqualTo(fromA);
        Set<String> written = contents.stream().map(TwoInstancesOnOneBucketIT::sha256).collect(Collectors.toSet());
        assertThat(written).contains(sha256(fromA));
        HttpResponse<String> metadata = HTTP.send(HttpRequest.newBuilder(a.uri("/api/v1/metadata/race/one-key.bin"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metadata.body()).contains("\"sha256\":\"" + sha256(fromA) + "\"")
                .contains("\"size\":" + fromA.length);
        awaitNoLeftovers();
    }

    /**
     * Create-only writers ({@code If-None-Match: *}) racing through both instances. What holds on every server:
     * at least one wins each round, every loser gets 412, and the key holds a winner's whole content. That exactly
     * one wins needs the server to honour If-None-Match on CopyObject (AWS S3 does); s3proxy 4.1.0 ignores it, so
     * two processes can both win there, the later copy replacing the earlier (each instance's own writers are still
     * serialized by its KeyQueue). The rounds in which both won are printed, not asserted.
     */
    @Test
    void createOnlyWritersRacingThroughBothNeverLeaveAPartialOrForeignObject() throws Exception {
        int bothWon = 0;
        for (int round = 0; round < 6; round++) {
            String key = "create-only/round-" + round + ".bin";
            byte[] viaA = random(512 * 1024, 200 + round);
            byte[] viaB = random(512 * 1024, 300 + round);
            CompletableFuture<HttpResponse<String>> first = putAsync(a, key, viaA, "*");
            CompletableFuture<HttpResponse<String>> second = putAsync(b, key, viaB, "*");
            int statusA = first.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).statusCode();
            int statusB = second.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).statusCode();

            assertThat(List.of(statusA, statusB)).as("round %d", round).contains(201).allMatch(s -> s == 201
                    || s == 412);
            byte[] stored = get(a, key);
            Set<String> winners = new java.util.HashSet<>();
            if (statusA == 201) {
                winners.add(sha256(viaA));
            }
            if (statusB == 201) {
                winners.add(sha256(viaB));
            }
            assertThat(winners).as("round %d: the key holds a winner's content", round).contains(sha256(stored));
            if (statusA == 201 && statusB == 201) {
                bothWon++;
            }
        }
        System.out.println("create-only race through two instances on s3proxy: both won in " + bothWon
                + " of 6 rounds (s3proxy ignores If-None-Match on CopyObject)");
        awaitNoLeftovers();
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
        List<String> left = S3TestServer.get().uploadLeftovers(bucket, PREFIX);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = S3TestServer.get().uploadLeftovers(bucket, PREFIX);
        }
        assertThat(left).as("staging objects and open multipart uploads").isEmpty();
    }

    private static HttpResponse<String> put(ServerProcess server, String key, byte[] content, String ifNoneMatch)
            throws Exception {
        return putAsync(server, key, content, ifNoneMatch).get(TIMEOUT.toSeconds(),
                java.util.concurrent.TimeUnit.SECONDS);
    }

    private static CompletableFuture<HttpResponse<String>> putAsync(ServerProcess server, String key, byte[] content,
            String ifNoneMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/api/v1/files/" + key))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] get(ServerProcess server, String key) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(server.uri("/api/v1/files/" + key)).build(),
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
