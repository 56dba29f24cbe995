package dev.sluice.storage.s3;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sluice.storage.s3.*}: the S3 backend, used when {@code sluice.storage.type=s3}.
 *
 * @param endpoint the S3 endpoint (for example {@code http://minio:9000}); null for AWS's regional endpoint
 * @param region the signing region
 * @param bucket the bucket; it must exist, start-up checks it with HeadBucket
 * @param accessKey the access key; null (with {@code secretKey}) uses the SDK's default credential chain
 * @param secretKey the secret key
 * @param pathStyleAccess when true (the default) the bucket goes in the path, as MinIO, s3proxy and Ceph RGW need
 * @param partSize the size of each multipart upload part, and of each part buffer held in memory; at least 5MB
 *     (S3's minimum part size)
 * @param partBuffers how many part buffers all uploads together may hold in memory: the backend's memory budget for
 *     uploads is {@code partSize * partBuffers}; an upload waits (without a thread) for a buffer
 * @param keyPrefix prepended to every key in the bucket (for example {@code sluice/}); empty for none. Staging keys
 *     live under {@code <keyPrefix>.sluice/staging/}
 * @param copyThreshold staged objects up to this size are published with one CopyObject, larger ones with a
 *     multipart copy (UploadPartCopy); at most 5GB, S3's CopyObject limit (lower it only to test that path)
 * @param copyPartSize the part size of a multipart copy, 5MB to 5GB; raised automatically when an object would need
 *     more than 10,000 parts
 * @param copyConcurrency how many part copies of one multipart copy run at once
 * @param lockLease on a server that ignores conditional copies (Ceph RGW 16.2, s3proxy), how long a key's publish
 *     lock ({@code <keyPrefix>.sluice/locks/}) holds without being renewed; its holder renews it at a third of this,
 *     and a lock older than this is taken over (a crashed writer). See docs/ARCHITECTURE.md
 * @param lockBucket where the publish locks live; null for {@code bucket}. Needed on Ceph RGW 16.2 when
 *     {@code bucket} is versioned: RGW honours conditional PutObject only in an unversioned bucket, so the locks go in
 *     an unversioned bucket of their own (it holds only small lock objects, each deleted after its publish)
 * @param maxFolderObjects the most objects a folder move or copy may hold (S3 does them object by object); a larger
 *     folder is refused with 409 {@code folder-too-large} before anything changes
 * @param folderConcurrency how many object copies and deletes of one folder operation run at once
 */
@Validated
@ConfigurationProperties("sluice.storage.s3")
// One constructor only: a second one would stop Boot from binding through the canonical one.
public record S3Properties(
        @Nullable URI endpoint,
        @DefaultValue("us-east-1") @NotNull String region,
        @Nullable String bucket,
        @Nullable String accessKey,
        @Nullable String secretKey,
        @DefaultValue("true") boolean pathStyleAccess,
        @DefaultValue("8MB") @NotNull DataSize partSize,
        @DefaultValue("16") @Min(1) int partBuffers,
        @DefaultValue("") @NotNull String keyPrefix,
        @DefaultValue("5GB") @NotNull DataSize copyThreshold,
        @DefaultValue("512MB") @NotNull DataSize copyPartSize,
        @DefaultValue("4") @Min(1) int copyConcurrency,
        @DefaultValue("30s") @NotNull Duration lockLease,
        @Nullable String lockBucket,
        @DefaultValue("10000") @Min(1) int maxFolderObjects,
        @DefaultValue("8") @Min(1) int folderConcurrency) {

    /** S3's smallest part size (except for the last part). */
    public static final DataSize MIN_PART_SIZE = DataSize.ofMegabytes(5);

    /** S3's largest CopyObject, and its largest part. */
    public static final DataSize MAX_COPY = DataSize.ofGigabytes(5);

    @AssertTrue(message = "part-size must be at least 5MB and at most 2GB")
    public boolean isPartSizeValid() {
        return partSize.toBytes() >= MIN_PART_SIZE.toBytes() && partSize.toBytes() <= Integer.MAX_VALUE - 8;
    }

    @AssertTrue(message = "copy-threshold must be at most 5GB, copy-part-size between 5MB and 5GB")
    public boolean isCopyValid() {
        return copyThreshold.toBytes() >= 0
                && copyThreshold.toBytes() <= MAX_COPY.toBytes()
                && copyPartSize.toBytes() >= MIN_PART_SIZE.toBytes()
                && copyPartSize.toBytes() <= MAX_COPY.toBytes();
    }

    @AssertTrue(message = "lock-lease must be at least 3s")
    public boolean isLockLeaseValid() {
        return lockLease.compareTo(Duration.ofSeconds(3)) >= 0;
    }
}
