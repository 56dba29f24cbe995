package dev.sluice.resumable;

/** A chunk whose bytes do not match its {@code Upload-Checksum}: discarded, answered 460 (tus checksum). */
final class ChecksumMismatchException extends RuntimeException {

    ChecksumMismatchException(UploadChecksum checksum) {
        super("The chunk does not match its " + checksum.algorithm() + " checksum; it was discarded");
    }
}
