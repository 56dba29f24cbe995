package dev.sluice.transfers;

import dev.sluice.transfers.Transfer.Direction;
import dev.sluice.transfers.Transfer.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The registry of transfers in progress, and their metrics. Tags are bounded: direction, outcome, and for refusals
 * the problem code; never a key.
 */
@Component
public class Transfers {

    private static final Logger log = LoggerFactory.getLogger(Transfers.class);

    private final MeterRegistry registry;
    private final Map<Long, Transfer> active = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Map<Direction, Counter> bytes = new EnumMap<>(Direction.class);
    private final DistributionSummary uploadSize;

    public Transfers(MeterRegistry registry) {
        this.registry = registry;
        bytes.put(
                Direction.UPLOAD,
                Counter.builder("sluice.upload.bytes")
                        .baseUnit("bytes")
                        .description("Bytes received in upload bodies")
                        .register(registry));
        bytes.put(
                Direction.DOWNLOAD,
                Counter.builder("sluice.download.bytes")
                        .baseUnit("bytes")
                        .description("Bytes sent in download bodies")
                        .register(registry));
        uploadSize = DistributionSummary.builder("sluice.upload.size")
                .baseUnit("bytes")
                .description("Size of stored uploads")
                .register(registry);
        for (Direction direction : Direction.values()) {
            Gauge.builder("sluice.transfers.active", active, transfers -> count(transfers, direction))
                    .tag("direction", direction.tag())
                    .description("Transfers in progress")
                    .register(registry);
        }
    }

    /** Starts tracking an upload; {@code expectedBytes} is -1 when unknown. */
    public Transfer upload(String target, long expectedBytes) {
        return start(Direction.UPLOAD, target, expectedBytes);
    }

    /** Starts tracking a download. */
    public Transfer download(String target) {
        return start(Direction.DOWNLOAD, target, -1);
    }

    /** The transfers in progress, oldest first. */
    public List<TransferView> inProgress() {
        return active.values().stream()
                .sorted(Comparator.comparingLong(Transfer::id))
                .map(TransferView::of)
                .toList();
    }

    void countBytes(Direction direction, long count) {
        Objects.requireNonNull(bytes.get(direction), "every direction has a counter")
                .increment(count);
    }

    void finished(Transfer transfer, Outcome outcome, int status, String reason) {
        active.remove(transfer.id());
        long nanos = transfer.elapsedNanos();
        String name = transfer.direction() == Direction.UPLOAD ? "sluice.upload.duration" : "sluice.download.duration";
        Timer.builder(name).tag("outcome", outcome.tag()).register(registry).record(nanos, TimeUnit.NANOSECONDS);
        if (transfer.direction() == Direction.UPLOAD) {
            if (outcome == Outcome.SUCCESS) {
                uploadSize.record(transfer.bytes());
            } else if (outcome == Outcome.REFUSED) {
                registry.counter("sluice.upload.refused", "reason", reason).increment();
            }
            log.info(
                    "upload {} bytes={} duration={}ms status={} outcome={}{}",
                    transfer.target(),
                    transfer.bytes(),
                    TimeUnit.NANOSECONDS.toMillis(nanos),
                    status,
                    outcome.tag(),
                    reason.isEmpty() ? "" : " reason=" + reason);
        }
    }

    private Transfer start(Direction direction, String target, long expectedBytes) {
        Transfer transfer = new Transfer(ids.incrementAndGet(), direction, target, expectedBytes, this);
        active.put(transfer.id(), transfer);
        return transfer;
    }

    private static double count(Map<Long, Transfer> transfers, Direction direction) {
        return transfers.values().stream()
                .filter(t -> t.direction() == direction)
                .count();
    }
}
