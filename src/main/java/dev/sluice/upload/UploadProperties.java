package dev.sluice.upload;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sluice.upload.*}: limits on what clients may send.
 *
 * @param maxFileSize the largest object one upload may create (10GB by default); enforced while streaming, also
 *     when the client sent no Content-Length
 * @param maxParts the most parts one multipart request may have (1000 by default)
 */
@Validated
@ConfigurationProperties("sluice.upload")
public record UploadProperties(
        @DefaultValue("10GB") @NotNull DataSize maxFileSize,
        @DefaultValue("1000") @Min(1) int maxParts) {}
