package dev.sluice.storage.s3;

import dev.sluice.storage.ObjectKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The SHA-256 and CRC-32 of objects uploaded in several parts straight to their key. S3 takes user metadata when a
 * multipart upload starts, before the digests are known, and a multipart object's own checksum is not the digest of
 * its bytes; so after the upload completes, one small record {@code <keyPrefix>.sluice/digests/<sha256 of the key>}
 * names the version it was computed for (its ETag, and its version id in a versioned bucket), the SHA-256 and, as an
 * optional last field (absent in records written before it), the CRC-32 in hex: one line
 * {@code sluice-digest 1 <etag|-> <version|-> <sha256> [<crc32>]}. A record counts
 * only for the version it names: when another writer replaced the object meanwhile (whatever the order the two
 * records were written in), the record names another version and the digest is unknown, never wrong. Objects that
 * have one carry the user metadata {@link #MARKER}, so that only they cost a second request on a stat.
 */
final class S3DigestRecords {

    private static final String MARKER_KEY = "digest";
    private static final String MARKER_VALUE = "record";

    /** User metadata of an object whose digest is in a record. */
    static final Map<String, String> MARKER = Map.of(MARKER_KEY, MARKER_VALUE);

    private static final String FORMAT = "sluice-digest 1";
    private static final int MAX_RECORD_BYTES = 4096;

    private final S3AsyncClient client;
    private final String bucket;
    private final String prefix;

    S3DigestRecords(S3AsyncClient client, String bucket, String keyPrefix) {
        this.client = client;
        this.bucket = bucket;
        this.prefix = keyPrefix + ObjectKey.RESERVED_SEGMENT + "/digests/";
    }

    /** Whether {@code head} is of an object whose digest is kept in a record. */
    static boolean hasRecord(HeadObjectResponse head) {
        return MARKER_VALUE.equals(head.metadata().get(MARKER_KEY));
    }

    /**
     * Records {@code sha256} and {@code crc32} for the version of {@code key} with that ETag (unquoted) and version
     * id, either may be null but not both. A failure only leaves the digests unknown, so it is not reported.
     */
    Mono<Void> write(ObjectKey key, @Nullable String eTag, @Nullable String versionId, String sha256, long crc32) {
        if (eTag == null && versionId == null) {
            return Mono.empty();
        }
        byte[] line = (FORMAT + " " + orDash(eTag) + " " + orDash(versionId) + " " + sha256 + " "
                        + Long.toHexString(crc32) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        return Mono.fromFuture(() -> client.putObject(
                        request -> request.bucket(bucket)
                                .key(recordKey(key))
                                .contentType("text/plain")
                                .contentLength((long) line.length),
                        AsyncRequestBody.fromBytes(line)))
                .then()
                .onErrorResume(error -> Mono.empty());
    }

    /** The recorded digests of the version {@code head} describes, or empty when none is recorded for it. */
    Mono<Optional<Digests>> read(ObjectKey key, HeadObjectResponse head) {
        return Mono.fromFuture(() -> client.getObject(
                        request ->
                                request.bucket(bucket).key(recordKey(key)).range("bytes=0-" + (MAX_RECORD_BYTES - 1)),
                        AsyncResponseTransformer.toBytes()))
                .map(bytes -> Optional.ofNullable(parse(bytes.asUtf8String(), head)))
                .onErrorResume(S3Errors::isNotFound, missing -> Mono.just(Optional.empty()));
    }

    /** Removes the record of {@code key}; a failure leaves a record that matches no version, never an error. */
    Mono<Void> delete(ObjectKey key) {
        return Mono.fromFuture(() ->
                        client.deleteObject(request -> request.bucket(bucket).key(recordKey(key))))
                .then()
                .onErrorResume(error -> Mono.empty());
    }

    static @Nullable Digests parse(String text, HeadObjectResponse head) {
        String[] fields = text.strip().split(" ");
        if (fields.length < 5
                || fields.length > 6
                || !(fields[0] + " " + fields[1]).equals(FORMAT)
                || !fields[4].matches("[0-9a-f]{64}")) {
            return null;
        }
        String eTag = fields[2];
        String version = fields[3];
        boolean eTagMatches =
                eTag.equals("-") || head.eTag() != null && eTag.equals(ConditionalWrites.unquoted(head.eTag()));
        boolean versionMatches = version.equals("-") || version.equals(head.versionId());
        if (!eTagMatches || !versionMatches) {
            return null;
        }
        return new Digests(fields[4], fields.length == 6 ? S3Heads.crc32(fields[5]) : null);
    }

    /**
     * What a record tells of one version.
     *
     * @param crc32 null in a record written before the CRC-32 was recorded
     */
    record Digests(String sha256, @Nullable Long crc32) {}

    /**
     * The ETag S3 gives an object completed from {@code parts}: the MD5 of the parts' MD5s, then {@code -} and their
     * count; null when a part's ETag is not an MD5 (then the server's own rule is unknown). For servers whose
     * CompleteMultipartUpload answer carries no ETag (Ceph RGW 16.2): a HEAD afterwards could see a later writer's.
     */
    static @Nullable String multipartETag(List<CompletedPart> parts) {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            return null;
        }
        for (CompletedPart part : parts) {
            String eTag = part.eTag() == null ? "" : ConditionalWrites.unquoted(part.eTag());
            if (!eTag.matches("[0-9a-fA-F]{32}")) {
                return null;
            }
            md5.update(HexFormat.of().parseHex(eTag.toLowerCase()));
        }
        return HexFormat.of().formatHex(md5.digest()) + "-" + parts.size();
    }

    private String recordKey(ObjectKey key) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(key.value().getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String orDash(@Nullable String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }
}
