package dev.sluice.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.Overwrite;
import dev.sluice.storage.s3.S3ObjectStore;
import dev.sluice.testing.ApiTestSupport;
import dev.sluice.testing.S3TestServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A folder move on S3 cannot be atomic: it is interrupted part way (another instance on the same bucket, whose move
 * stops dead as a killed process's would: the store keeps no state but what is in the bucket), nothing is lost, and
 * the same request, repeated through the API, completes it.
 */
class FolderMoveRepeatApiTest extends ApiTestSupport {

    private static final int FILES = 60;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void anInterruptedFolderMoveLosesNothingAndARepeatedRequestCompletesIt() throws InterruptedException {
        Assumptions.assumeTrue(onS3(), "on local disk a folder move is one atomic rename: nothing to interrupt");
        S3AsyncClient s3 = S3TestServer.get().client();
        S3ObjectStore other =
                new S3ObjectStore(s3, bucket(), S3_KEY_PREFIX, 5 << 20, 4, new DefaultDataBufferFactory());
        String from = folder + "from";
        String to = folder + "to";
        // Written as Sluice writes them (content type, SHA-256 in the metadata), one request each.
        Flux.range(0, FILES)
                .flatMap(
                        i -> Mono.fromFuture(() -> s3.putObject(
                                request -> request.bucket(bucket())
                                        .key(S3_KEY_PREFIX + from + "/f" + i + ".txt")
                                        .contentType("text/plain")
                                        .metadata(Map.of("sha256", sha256(body(i)))),
                                AsyncRequestBody.fromBytes(body(i)))),
                        8)
                .blockLast(TIMEOUT);

        Disposable move = other.moveFolder(ObjectKey.of(from), ObjectKey.of(to), Overwrite.NEVER)
                .subscribe(done -> {}, error -> {});
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (keys(s3, to + "/").size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        move.dispose();
        Thread.sleep(500); // copies and deletes already sent settle

        Set<String> atSource = keys(s3, from + "/");
        Set<String> atTarget = keys(s3, to + "/");
        assertThat(atTarget).as("the move was under way").isNotEmpty();
        assertThat(atSource).as("and did not finish").isNotEmpty();
        for (int i = 0; i < FILES; i++) {
            String name = "f" + i + ".txt";
            assertThat(atSource.contains(name) || atTarget.contains(name))
                    .as(name + " is somewhere")
                    .isTrue();
        }

        client.mutate()
                .responseTimeout(TIMEOUT)
                .build()
                .post()
                .uri(uri("/api/v1/move"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"from\":\"" + from + "/\",\"to\":\"" + to + "/\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.to")
                .isEqualTo(to + "/");

        assertThat(keys(s3, from + "/")).isEmpty();
        assertThat(keys(s3, to + "/")).hasSize(FILES);
        for (int i : List.of(0, FILES / 2, FILES - 1)) {
            byte[] content = client.get()
                    .uri(files(to + "/f" + i + ".txt"))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult()
                    .getResponseBody();
            assertThat(content).isEqualTo(body(i));
        }
        assertThat(keys(s3, ".sluice/folder-moves/" + journal(from, to)))
                .as("the journal is gone")
                .isEmpty();
        client.post()
                .uri(uri("/api/v1/move"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"from\":\"" + from + "/\",\"to\":\"" + to + "/\"}")
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    private static byte[] body(int i) {
        return ("content of file " + i).getBytes(StandardCharsets.UTF_8);
    }

    /** The names (relative to {@code prefix}) of the S3 objects under the API's key prefix + {@code prefix}. */
    private static Set<String> keys(S3AsyncClient s3, String prefix) {
        String full = S3_KEY_PREFIX + prefix;
        Set<String> names = new HashSet<>();
        String token = null;
        do {
            String continuation = token;
            var response = Mono.fromFuture(s3.listObjectsV2(request -> {
                        request.bucket(bucket()).prefix(full);
                        if (continuation != null) {
                            request.continuationToken(continuation);
                        }
                    }))
                    .block(TIMEOUT);
            for (S3Object object : response.contents()) {
                names.add(object.key().substring(full.length()));
            }
            token = Boolean.TRUE.equals(response.isTruncated()) ? response.nextContinuationToken() : null;
        } while (token != null);
        return names;
    }

    private static String journal(String from, String to) {
        return sha256((from + "\n" + to).getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
