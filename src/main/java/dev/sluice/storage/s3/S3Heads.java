package dev.sluice.storage.s3;

import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * What an object's HEAD tells Sluice, for every object under the key prefix, whoever wrote it: its content type
 * (S3's Content-Type), size, Last-Modified, a version tag from its S3 ETag, and its SHA-256 when it is known:
 * Sluice's {@code sha256} user metadata (objects published by a copy or one PutObject), else the digest record of an
 * object uploaded in parts ({@link S3DigestRecords}), else the object's own {@code x-amz-checksum-sha256} when that
 * is the digest of its whole content (a single-part upload with that checksum), else unknown, as on the local
 * backend for files Sluice did not write. Its CRC-32 (for ZIP archives with known sizes) likewise: Sluice's
 * {@code crc32} user metadata, else the digest record's, else unknown.
 */
final class S3Heads {

    private final S3DigestRecords digests;

    S3Heads(S3DigestRecords digests) {
        this.digests = digests;
    }

    /** The metadata of the version {@code head} describes. */
    Mono<ObjectInfo> describe(ObjectKey key, HeadObjectResponse head) {
        String sha256 = head.metadata().get(S3ObjectStore.SHA256);
        if (sha256 == null && S3DigestRecords.hasRecord(head)) {
            return digests.read(key, head)
                    .map(recorded -> recorded.map(found -> info(key, head, found.sha256(), found.crc32()))
                            .orElseGet(() -> info(key, head, null, null)));
        }
        return Mono.just(info(
                key,
                head,
                sha256 != null ? sha256 : wholeObjectSha256(head),
                crc32(head.metadata().get(S3ObjectStore.CRC32))));
    }

    private static ObjectInfo info(
            ObjectKey key, HeadObjectResponse head, @Nullable String sha256, @Nullable Long crc32) {
        String contentType = head.contentType();
        return new ObjectInfo(
                key,
                head.contentLength(),
                contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType,
                sha256,
                head.lastModified().truncatedTo(ChronoUnit.SECONDS),
                crc32,
                sha256 == null ? versionTag(head) : null);
    }

    /** A CRC-32 stored as hex, or null when absent or not one (objects published before it was stored). */
    static @Nullable Long crc32(@Nullable String hex) {
        if (hex == null || hex.isEmpty() || hex.length() > 8) {
            return null;
        }
        try {
            return Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The entity tag of a version whose digest is unknown: its S3 ETag (which S3 changes with the content), else its
     * version id; restricted to characters an HTTP entity tag may hold.
     */
    static @Nullable String versionTag(HeadObjectResponse head) {
        String source =
                head.eTag() != null && !ConditionalWrites.unquoted(head.eTag()).isEmpty()
                        ? ConditionalWrites.unquoted(head.eTag())
                        : head.versionId();
        if (source == null || source.isEmpty()) {
            return null;
        }
        return "s3-" + source.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * The object's {@code x-amz-checksum-sha256} as hex when it is the SHA-256 of the whole content; null for none,
     * and for the checksum of a multipart object, which is the digest of its parts' digests ({@code ...-N}).
     */
    static @Nullable String wholeObjectSha256(HeadObjectResponse head) {
        String checksum = head.checksumSHA256();
        if (checksum == null || checksum.contains("-") || head.checksumType() == ChecksumType.COMPOSITE) {
            return null;
        }
        try {
            byte[] digest = Base64.getDecoder().decode(checksum);
            return digest.length == 32 ? HexFormat.of().formatHex(digest) : null;
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }
}
