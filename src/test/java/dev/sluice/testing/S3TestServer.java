package dev.sluice.testing;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import reactor.core.publisher.Flux;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One s3proxy 4.1.0 per test JVM, in process, on 127.0.0.1 with a transient (in-memory) blob store: the real
 * S3-compatible server the S3 tests run against. Started on first use and stopped when the JVM exits; each user
 * makes buckets of its own, so tests never see each other's objects.
 */
public final class S3TestServer {

    public static final String ACCESS_KEY = "access";
    public static final String SECRET_KEY = "secret";

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3TestServer instance;

    private final S3Proxy proxy;
    private final URI endpoint;
    private final S3AsyncClient client;

    private S3TestServer(S3Proxy proxy, URI endpoint, S3AsyncClient client) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.client = client;
    }

    /** The JVM's server, started (and waited for) on the first call. */
    public static synchronized S3TestServer get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "s3proxy-stop"));
        }
        return instance;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client of the tests' own (not the application's), for setting up and inspecting buckets. */
    public S3AsyncClient client() {
        return client;
    }

    /** Creates a new, empty bucket; with versioning on, as the S3 backend recommends. */
    public String newBucket(boolean versioned) {
        String name = "sluice-test-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
        client.createBucket(request -> request.bucket(name)).join();
        if (versioned) {
            client.putBucketVersioning(request -> request.bucket(name)
                    .versioningConfiguration(config -> config.status(BucketVersioningStatus.ENABLED))).join();
        }
        return name;
    }

    /** The multipart uploads open in {@code bucket}, by key. */
    public List<String> openMultipartUploads(String bucket) {
        return client.listMultipartUploads(request -> request.bucket(bucket)).join().uploads().stream()
                .map(MultipartUpload::key).toList();
    }

    /** Every object key under {@code prefix}, over all pages. */
    public List<String> keys(String bucket, String prefix) {
        return Flux.from(client.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
                        .build()).contents())
                .map(S3Object::key).collectList().block(Duration.ofSeconds(30));
    }

    /**
     * What an upload may leave behind on S3: staging objects (under {@code .sluice/staging/}; the rest of the reserved
     * prefix holds the server secret and share links) and open multipart uploads, each named; empty when nothing is
     * left.
     */
    public List<String> uploadLeftovers(String bucket, String keyPrefix) {
        return Stream.concat(keys(bucket, keyPrefix + ".sluice/staging/").stream().map(key -> "object " + key),
                openMultipartUploads(bucket).stream().map(key -> "multipart upload " + key)).toList();
    }

    private static S3TestServer start() {
        try {
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(new TransientNio2BlobStore())
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            proxy.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("s3proxy did not start within 30 s: " + proxy.getState());
                }
                Thread.sleep(10);
            }
            URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
            return new S3TestServer(proxy, endpoint, client(endpoint));
        } catch (Exception e) {
            throw new IllegalStateException("could not start s3proxy", e);
        }
    }

    private static S3AsyncClient client(URI endpoint) {
        return S3AsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .endpointOverride(endpoint)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    private void stop() {
        try {
            client.close();
            proxy.stop();
        } catch (Exception e) {
            // the JVM is exiting; nothing to clean up that outlives it (the blob store is in memory)
        }
    }
}
