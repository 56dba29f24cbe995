package dev.sluice.transfers;

import java.time.Instant;

/**
 * A transfer in progress, as the {@code transfers} actuator endpoint shows it.
 *
 * @param id a number unique in this process
 * @param direction upload or download
 * @param target the key (a multipart upload: the request's prefix)
 * @param bytes bytes moved so far
 * @param expectedBytes the announced total, or -1 when unknown
 * @param startedAt when it started
 * @param elapsedMillis how long it has run
 */
public record TransferView(
        long id,
        String direction,
        String target,
        long bytes,
        long expectedBytes,
        Instant startedAt,
        long elapsedMillis) {

    static TransferView of(Transfer transfer) {
        return new TransferView(
                transfer.id(),
                transfer.direction().tag(),
                transfer.target(),
                transfer.bytes(),
                transfer.expectedBytes(),
                transfer.started(),
                transfer.elapsedNanos() / 1_000_000);
    }
}
