package dev.sluice.resumable;

import dev.sluice.resumable.UploadRecords.Versioned;
import reactor.core.publisher.Mono;

/**
 * The right of one PATCH to write its upload's data, until it saves the new offset or gives the right back: in
 * the upload's record where several processes share the store ({@link RecordLease}), in this process's memory
 * where it is the store's only user ({@link ProcessLeases}), which saves a record write per chunk.
 */
interface HeldLease {

    /** The upload as the holder sees it (with a length declared by this PATCH). */
    UploadState state();

    /**
     * Saves {@code next} (whose lease fields are empty) if the record is still the one the lease was taken on, and
     * gives the lease back.
     *
     * @throws dev.sluice.storage.PreconditionFailedException (signalled) when the record changed meanwhile
     */
    Mono<Versioned> save(UploadState next);

    /** Gives the lease back, leaving the upload as it was; never fails. */
    Mono<Void> giveBack();
}
