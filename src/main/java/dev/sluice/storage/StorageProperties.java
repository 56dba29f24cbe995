package dev.sluice.storage;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sluice.storage.*}: where objects live.
 *
 * @param type the backend; {@code local} (the default) keeps objects under {@link #root}
 * @param root the local backend's directory; it belongs to Sluice (a format marker and a lock file are kept in
 *     its {@code .sluice} folder), and start-up refuses a non-empty directory that is not a Sluice store
 * @param fsync when true (the default) an upload is acknowledged only after its file and directory are synced to
 *     disk; when false, right after the atomic move, as nginx does
 * @param minFreeSpace uploads are refused with 507 when they would leave less free space than this; 0 turns the
 *     check off (the disk filling up is still reported as 507)
 * @param ioThreads threads that run file reads and writes for {@code AsynchronousFileChannel}; bounded, unlike the
 *     JDK's default pool
 * @param zeroCopy when true (the default) whole and single-range downloads from local files over plain HTTP are
 *     sent with {@code sendfile}; false streams them through {@code AsynchronousFileChannel} reads
 */
@Validated
@ConfigurationProperties("sluice.storage")
public record StorageProperties(
        @DefaultValue("local") @NotNull Type type,
        @DefaultValue("./data") @NotNull Path root,
        @DefaultValue("true") boolean fsync,
        @DefaultValue("1GB") @NotNull DataSize minFreeSpace,
        @DefaultValue("16") @Min(1) int ioThreads,
        @DefaultValue("true") boolean zeroCopy) {

    /** The storage backends. */
    public enum Type {
        LOCAL
    }
}
