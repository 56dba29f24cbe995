package dev.sluice.resumable;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One tus upload as its record in the storage backend holds it (JSON), so that any instance can continue it: the
 * offset with the store's data token, the digests so far, the target, the owner, the expiry, and the lease of the
 * PATCH writing it now.
 *
 * @param id the upload's id (the last segment of its URL)
 * @param owner the name of the caller who created it ({@code link:<id>} for an upload link)
 * @param length the declared length, or null while deferred ({@code Upload-Defer-Length: 1})
 * @param offset bytes received and saved
 * @param metadata the {@code Upload-Metadata} header as received, to echo on HEAD
 * @param folder the target prefix (empty or ending in {@code /})
 * @param filename the target's last segment; empty for a partial upload without one
 * @param contentType the media type to store
 * @param conflict {@code rename}, {@code replace} or {@code fail}
 * @param concat null, {@code partial} or {@code final}
 * @param partials for a final upload, the ids of its partial uploads in order
 * @param sha256State the saved SHA-256 state of the bytes so far
 * @param crc32 the CRC-32 of the bytes so far
 * @param token the store's description of the data ({@code ResumableData})
 * @param sealed whether the data is complete and sealed (a partial upload, ready to concatenate)
 * @param expires when the sweep may remove it
 * @param leaseHolder the random id of the PATCH holding the upload, or null
 * @param leaseUntil when that lease runs out unless renewed
 * @param key once published, the object's key
 */
record UploadState(
        String id,
        String owner,
        @Nullable Long length,
        long offset,
        String metadata,
        String folder,
        String filename,
        String contentType,
        String conflict,
        @Nullable String concat,
        List<String> partials,
        String sha256State,
        long crc32,
        String token,
        boolean sealed,
        Instant created,
        Instant expires,
        @Nullable String leaseHolder,
        @Nullable Instant leaseUntil,
        @Nullable String key) {

    UploadState {
        partials = List.copyOf(partials);
    }

    boolean isPartial() {
        return "partial".equals(concat);
    }

    boolean isFinal() {
        return "final".equals(concat);
    }

    boolean complete() {
        return length != null && offset == length;
    }

    boolean published() {
        return key != null;
    }

    /** Whether another PATCH holds the upload now. */
    boolean leasedAt(Instant now) {
        return leaseHolder != null && leaseUntil != null && leaseUntil.isAfter(now);
    }

    UploadState withLease(@Nullable String holder, @Nullable Instant until) {
        return new UploadState(
                id,
                owner,
                length,
                offset,
                metadata,
                folder,
                filename,
                contentType,
                conflict,
                concat,
                partials,
                sha256State,
                crc32,
                token,
                sealed,
                created,
                expires,
                holder,
                until,
                key);
    }

    UploadState withLength(long declared) {
        return new UploadState(
                id,
                owner,
                declared,
                offset,
                metadata,
                folder,
                filename,
                contentType,
                conflict,
                concat,
                partials,
                sha256State,
                crc32,
                token,
                sealed,
                created,
                expires,
                leaseHolder,
                leaseUntil,
                key);
    }

    /** The state after a saved chunk: new offset, digests and token, a fresh expiry, the lease given back. */
    UploadState appended(long newOffset, ContentHashes hashes, String newToken, Instant newExpiry) {
        return new UploadState(
                id,
                owner,
                length,
                newOffset,
                metadata,
                folder,
                filename,
                contentType,
                conflict,
                concat,
                partials,
                hashes.sha256State(),
                hashes.crc32(),
                newToken,
                sealed,
                created,
                newExpiry,
                null,
                null,
                key);
    }

    UploadState sealedAs(String newToken) {
        return new UploadState(
                id,
                owner,
                length,
                offset,
                metadata,
                folder,
                filename,
                contentType,
                conflict,
                concat,
                partials,
                sha256State,
                crc32,
                newToken,
                true,
                created,
                expires,
                leaseHolder,
                leaseUntil,
                key);
    }

    UploadState publishedAt(String objectKey) {
        return new UploadState(
                id,
                owner,
                length,
                offset,
                metadata,
                folder,
                filename,
                contentType,
                conflict,
                concat,
                partials,
                sha256State,
                crc32,
                token,
                true,
                created,
                expires,
                null,
                null,
                objectKey);
    }
}
