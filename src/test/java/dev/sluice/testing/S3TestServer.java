package dev.sluice.testing;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * The real S3-compatible server the S3 tests run against, one of each kind per test JVM, started on first use and
 * stopped when the run ends; each user makes buckets of its own, so tests never see each other's objects.
 *
 * <ul>
 *   <li>{@link Kind#S3PROXY}: s3proxy 4.1.0 in this JVM with a transient (in-memory) blob store, ready in well under
 *       a second: the default.</li>
 *   <li>{@link Kind#RGW}: Ceph's RADOS Gateway 16.2 on a throw-away single-node cluster ({@link CephGateway}), a
 *       real distributed S3 engine, ready in about 5 s: chosen with {@code sluice.test.backend=rgw}.</li>
 * </ul>
 */
public final class S3TestServer {

    /** The servers the tests can run on. */
    public enum Kind {
        S3PROXY,
        RGW
    }

    private static final String S3PROXY_ACCESS_KEY = "access";
    private static final String S3PROXY_SECRET_KEY = "secret";
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static final Map<Kind, S3TestServer> SERVERS = new EnumMap<>(Kind.class);
    private static CephGateway gateway;

    private final Kind kind;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;
    private final S3AsyncClient client;

    private S3TestServer(Kind kind, URI endpoint, String accessKey, String secretKey) {
        this.kind = kind;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.client = client(endpoint, accessKey, secretKey);
    }

    /** The JVM's server of the kind {@code sluice.test.backend} names ({@code rgw}, else s3proxy). */
    public static S3TestServer get() {
        return of(selectedKind());
    }

    /** The kind {@code sluice.test.backend} selects: {@code rgw} the Ceph gateway, anything else s3proxy. */
    public static Kind selectedKind() {
        return "rgw".equals(System.getProperty("sluice.test.backend")) ? Kind.RGW : Kind.S3PROXY;
    }

    /** The JVM's server of {@code kind}, started (and waited for) on the first call. */
    public static synchronized S3TestServer of(Kind kind) {
        return SERVERS.computeIfAbsent(kind, S3TestServer::start);
    }

    /** The Ceph gateway if this JVM started one. */
    static synchronized Optional<CephGateway> startedGateway() {
        return Optional.ofNullable(gateway);
    }

    public Kind kind() {
        return kind;
    }

    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
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
                            .versioningConfiguration(config -> config.status(BucketVersioningStatus.ENABLED)))
                    .join();
        }
        return name;
    }

    /** The multipart uploads open in {@code bucket}, by key. */
    public List<String> openMultipartUploads(String bucket) {
        return client.listMultipartUploads(request -> request.bucket(bucket)).join().uploads().stream()
                .map(MultipartUpload::key)
                .toList();
    }

    /** Every object key under {@code prefix}, over all pages. */
    public List<String> keys(String bucket, String prefix) {
        return Flux.from(client.listObjectsV2Paginator(ListObjectsV2Request.builder()
                                .bucket(bucket)
                                .prefix(prefix)
                                .build())
                        .contents())
                .map(S3Object::key)
                .collectList()
                .block(Duration.ofSeconds(30));
    }

    /**
     * What an upload may leave behind on S3: staging objects (under {@code .sluice/staging/}; the rest of the reserved
     * prefix holds the server secret and share links) and open multipart uploads, each named; empty when nothing is
     * left.
     */
    public List<String> uploadLeftovers(String bucket, String keyPrefix) {
        return Stream.concat(
                        keys(bucket, keyPrefix + ".sluice/staging/").stream().map(key -> "object " + key),
                        openMultipartUploads(bucket).stream().map(key -> "multipart upload " + key))
                .toList();
    }

    private static S3TestServer start(Kind kind) {
        if (kind == Kind.RGW) {
            gateway = CephGateway.start();
            return new S3TestServer(kind, gateway.endpoint(), gateway.accessKey(), gateway.secretKey());
        }
        try {
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(new TransientNio2BlobStore())
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3PROXY_ACCESS_KEY, S3PROXY_SECRET_KEY)
                    .build();
            proxy.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("s3proxy did not start within 30 s: " + proxy.getState());
                }
                Thread.sleep(10);
            }
            // The JVM is exiting when this runs; the blob store is in memory, nothing outlives it.
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                try {
                                    proxy.stop();
                                } catch (Exception ignored) {
                                    // exiting anyway
                                }
                            },
                            "s3proxy-stop"));
            return new S3TestServer(
                    kind, URI.create("http://127.0.0.1:" + proxy.getPort()), S3PROXY_ACCESS_KEY, S3PROXY_SECRET_KEY);
        } catch (Exception e) {
            throw new IllegalStateException("could not start s3proxy", e);
        }
    }

    private static S3AsyncClient client(URI endpoint, String accessKey, String secretKey) {
        return S3AsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .endpointOverride(endpoint)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build();
    }
}
