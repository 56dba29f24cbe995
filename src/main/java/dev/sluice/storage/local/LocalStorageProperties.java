package dev.sluice.storage.local;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sluice.storage.*} settings of the local backend (the backend-neutral ones are in
 * {@code storage.StorageProperties}).
 *
 * @param root the folder whose files are the objects: any existing folder of files is served as it is, a missing
 *     one is created
 * @param stateDir where Sluice keeps its own state (format marker, lock, staging, the metadata index, its reserved
 *     records); null (the default) for {@code <root>/.sluice}. Uploads are always staged on the root's
 *     filesystem, so that publishing is one rename: when this folder is on another filesystem, staging uses
 *     {@code <root>/.sluice/tmp}
 * @param fsync when true (the default) an upload is acknowledged only after its file and directory are synced to
 *     disk; when false, right after the atomic move, as nginx does
 * @param ioThreads threads that run file reads and writes for {@code AsynchronousFileChannel}; bounded, unlike the
 *     JDK's default pool
 * @param zeroCopy when true (the default) whole and single-range downloads over plain HTTP are sent with
 *     {@code sendfile}; false streams them through {@code AsynchronousFileChannel} reads
 * @param xattrs when true (the default) metadata (content type, SHA-256, CRC-32) is kept in user extended
 *     attributes of each file, when the filesystem has them (probed at start-up); false, or a filesystem without
 *     them, keeps it in a small index in the state folder
 * @param cache small objects kept in memory
 */
@Validated
@ConfigurationProperties("sluice.storage")
public record LocalStorageProperties(
        @DefaultValue("./data") @NotNull Path root,
        @Nullable Path stateDir,
        @DefaultValue("true") boolean fsync,
        @DefaultValue("16") @Min(1) int ioThreads,
        @DefaultValue("true") boolean zeroCopy,
        @DefaultValue("true") boolean xattrs,
        @DefaultValue @Valid @NotNull Cache cache) {

    /**
     * {@code sluice.storage.cache.*}: small objects kept in memory, so that a hot small download needs no open and
     * no read. Never stale: each use compares the entry with the file's current version (inode, size, modification
     * time), which a {@code stat} tells, so a change by another program is seen at the next request.
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
