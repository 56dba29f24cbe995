package dev.sluice.storage;

import jakarta.validation.Valid;
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
 * @param type the backend; {@code local} (the default) keeps objects under {@link #root}, {@code s3} in the bucket
 *     of {@code sluice.storage.s3.*} ({@code dev.sluice.storage.s3.S3Properties})
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
 * @param cache the local backend's memory cache of small objects
 */
@Validated
@ConfigurationProperties("sluice.storage")
// One constructor only: a second one would stop Boot from binding through the canonical one.
public record StorageProperties(
        @DefaultValue("local") @NotNull Type type,
        @DefaultValue("./data") @NotNull Path root,
        @DefaultValue("true") boolean fsync,
        @DefaultValue("1GB") @NotNull DataSize minFreeSpace,
        @DefaultValue("16") @Min(1) int ioThreads,
        @DefaultValue("true") boolean zeroCopy,
        @DefaultValue @Valid @NotNull Cache cache) {

    /** The storage backends. */
    public enum Type {
        LOCAL,
        S3
    }

    /**
     * {@code sluice.storage.cache.*}: small objects of the local backend kept in memory, so that a hot small
     * download needs no file access. Never stale: the local store sees every publish and delete of its root (which
     * is locked to one process) and drops the key at once. The S3 backend has no such cache (other instances write
     * the same bucket).
     *
     * @param enabled false turns the cache off
     * @param size the most memory (heap) the cached objects may take together; 0 turns the cache off
     * @param maxObjectSize the largest object that is cached
     */
    public record Cache(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("16MB") @NotNull DataSize size,
            @DefaultValue("64KB") @NotNull DataSize maxObjectSize) {

        /** The bytes the cache may hold; 0 when it is off. */
        public long capacity() {
            return enabled ? size.toBytes() : 0;
        }
    }
}
