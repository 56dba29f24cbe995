package dev.sluice.upload;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sluice.uploads.*}: resumable (tus) uploads. The largest upload is {@code sluice.upload.max-file-size}, as
 * for every upload.
 *
 * @param expiry how long an unfinished upload is kept after its last chunk (24 hours by default); then the sweep
 *     removes it and its data
 * @param maxUnfinished how many unfinished uploads one caller may have at once (100)
 * @param maxUnfinishedSize the total declared length of one caller's unfinished uploads (100GB)
 * @param lease how long a PATCH holds its upload without renewing its lease (30 s); a holder renews it every third
 *     of that, so a lease only runs out when its instance died
 * @param sweepInterval how often each instance looks for expired uploads (10 minutes)
 * @param pageThreshold files at least this large go through tus from the browser page (32MB)
 * @param pageChunkSize the size of the page's tus chunks (50MB, under common proxy body limits)
 */
@Validated
@ConfigurationProperties("sluice.uploads")
public record UploadsProperties(
        @DefaultValue("24h") @NotNull Duration expiry,
        @DefaultValue("100") @Min(1) int maxUnfinished,
        @DefaultValue("100GB") @NotNull DataSize maxUnfinishedSize,
        @DefaultValue("30s") @NotNull Duration lease,
        @DefaultValue("10m") @NotNull Duration sweepInterval,
        @DefaultValue("32MB") @NotNull DataSize pageThreshold,
        @DefaultValue("50MB") @NotNull DataSize pageChunkSize) {}
