package dev.sluice.storage.local;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The start-up step that converts a store written by an earlier format, in place, before anything is served. It
 * runs with the root locked, when the state folder's marker says {@code sluice-local-store 1} (content followed by
 * a 512-byte {@link ObjectTrailer}); once it returns, the marker is rewritten to the current format. It must be
 * crash-safe and resumable: a kill at any moment, then a restart, runs it again and it finishes the job.
 */
@FunctionalInterface
interface FormatUpgrade {

    /** Where no conversion is wired: a format-1 store is refused rather than served with its trailers. */
    FormatUpgrade UNAVAILABLE = (root, stateDir, metadata) -> {
        throw new IllegalStateException("Storage root " + root + " is in the trailer format of an earlier Sluice"
                + " (sluice-local-store 1) and this build has no conversion wired; nothing was changed");
    };

    /**
     * The conversion of the trailer format ({@link TrailerFormatConversion}): journalled, so a kill at any moment and
     * a restart finish the job, and each file's recovered content type and SHA-256 recorded for its new version.
     */
    static FormatUpgrade trailerConversion(boolean fsync) {
        return (root, stateDir, metadata) -> TrailerFormatConversion.convertLocked(
                root, stateDir, metadata::record, TrailerFormatConversion.Options.defaults(fsync));
    }

    /**
     * Converts every object file under {@code root} (the state folder excluded), handing each file's recovered
     * metadata to {@code metadata} ({@link MetadataStore#record}) once the file holds only its content. Blocking.
     */
    void convert(Path root, Path stateDir, MetadataStore metadata) throws IOException;
}
