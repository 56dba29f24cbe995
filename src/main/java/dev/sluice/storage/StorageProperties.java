package dev.sluice.storage;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sluice.storage.*}: where objects live, whatever the backend. Each backend binds its own settings under the
 * same prefix: {@code storage.local.LocalStorageProperties} (root, fsync, I/O threads, zero-copy, cache, state
 * folder, extended attributes) and {@code storage.s3.S3Properties} ({@code sluice.storage.s3.*}).
 *
 * @param type the backend; {@code local} (the default) keeps objects under {@code sluice.storage.root}, {@code s3} in
 *     the bucket of {@code sluice.storage.s3.*}
 * @param minFreeSpace uploads are refused with 507 when they would leave less free space than this; 0 turns the
 *     check off (the disk filling up is still reported as 507)
 */
@Validated
@ConfigurationProperties("sluice.storage")
// One constructor only: a second one would stop Boot from binding through the canonical one.
public record StorageProperties(
        @DefaultValue("local") @NotNull Type type,
        @DefaultValue("1GB") @NotNull DataSize minFreeSpace) {

    /** The storage backends. */
    public enum Type {
        LOCAL,
        S3
    }
}
