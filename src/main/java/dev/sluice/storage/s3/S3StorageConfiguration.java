package dev.sluice.storage.s3;

import dev.sluice.storage.ResumableData;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;

/** Wires the S3 backend when {@code sluice.storage.type=s3}; the local backend stays the default. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sluice.storage.type", havingValue = "s3")
class S3StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(S3StorageConfiguration.class);
    private static final Duration STARTUP_CHECK = Duration.ofSeconds(30);

    @Bean(destroyMethod = "close")
    S3AsyncClient sluiceS3Client(S3Properties s3) {
        return client(s3);
    }

    @Bean
    S3ObjectStore s3ObjectStore(S3Properties s3, S3AsyncClient sluiceS3Client) {
        if (s3.bucket() == null || s3.bucket().isBlank()) {
            throw new IllegalStateException("sluice.storage.type=s3 needs sluice.storage.s3.bucket");
        }
        checkBucket(sluiceS3Client, s3, s3.bucket());
        String lockBucket = s3.lockBucket() == null || s3.lockBucket().isBlank() ? s3.bucket() : s3.lockBucket();
        if (!lockBucket.equals(s3.bucket())) {
            checkBucket(sluiceS3Client, s3, lockBucket);
        }
        ConditionalWrites writes =
                new ConditionalWriteProbe(sluiceS3Client, s3.bucket(), lockBucket, s3.keyPrefix()).run();
        S3ObjectStore store = new S3ObjectStore(
                sluiceS3Client,
                s3.bucket(),
                s3.keyPrefix(),
                (int) s3.partSize().toBytes(),
                s3.partBuffers(),
                new S3ObjectStore.CopySettings(
                        s3.copyThreshold().toBytes(), s3.copyPartSize().toBytes(), s3.copyConcurrency()),
                writes,
                s3.lockLease(),
                lockBucket,
                new S3Folders.FolderSettings(s3.maxFolderObjects(), s3.folderConcurrency()),
                new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT));
        logPublishPath(store.publishPath(), writes);
        return store;
    }

    /** The content of resumable uploads, in the store's bucket. */
    @Bean
    ResumableData sluiceResumableData(S3ObjectStore s3ObjectStore) {
        return s3ObjectStore.resumableData();
    }

    private static void logPublishPath(PublishPath path, ConditionalWrites writes) {
        String found = "S3 server conditional writes: " + writes.describe();
        switch (path) {
            case CONDITIONAL_COPY -> log.info("{}; publishing with conditional copies", found);
            case LOCK_OBJECT ->
                log.info(
                        "{}; publishing under a lock object per key (conditional PutObject under "
                                + ".sluice/locks/), so that create-only and replace-only writes stay atomic across instances",
                        found);
            case WITHIN_PROCESS_ONLY ->
                log.warn(
                        "{}; create-only and replace-only writes are atomic only among "
                                + "this instance's own writers: run one instance per bucket on this server, or (Ceph RGW with a "
                                + "versioned bucket) give the locks an unversioned bucket with sluice.storage.s3.lock-bucket",
                        found);
        }
    }

    /** The async client on the SDK's Netty transport, configured from {@code sluice.storage.s3.*}. */
    static S3AsyncClient client(S3Properties s3) {
        S3AsyncClientBuilder builder = S3AsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                .region(Region.of(s3.region()))
                .forcePathStyle(s3.pathStyleAccess())
                // Checksums only where S3 requires them: S3-compatible servers differ in their support of the
                // SDK's default CRC trailers; the content's integrity is covered by Sluice's own SHA-256.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (s3.endpoint() != null) {
            builder.endpointOverride(s3.endpoint());
        }
        if (s3.accessKey() != null && s3.secretKey() != null) {
            builder.credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }

    /** Fails start-up with a message naming the endpoint and bucket when the bucket cannot be reached. */
    static void checkBucket(S3AsyncClient client, S3Properties s3, String bucket) {
        String where = "bucket '" + bucket + "' at "
                + (s3.endpoint() == null ? "AWS S3 (" + s3.region() + ")" : s3.endpoint());
        try {
            client.headBucket(request -> request.bucket(bucket)).get(STARTUP_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = S3Errors.unwrap(e.getCause() != null ? e.getCause() : e);
            String reason = S3Errors.isNotFound(cause) ? "it does not exist" : cause.getMessage();
            throw new IllegalStateException("S3 storage is not usable: " + where + ": " + reason, cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "S3 storage is not usable: " + where + " did not answer within " + STARTUP_CHECK.toSeconds() + " s",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking " + where, e);
        }
    }
}
