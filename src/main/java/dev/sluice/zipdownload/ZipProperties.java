package dev.sluice.zipdownload;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sluice.zip.*}.
 *
 * @param maxListedEntries the most entries an archive is laid out from as a list (exact {@code Content-Length}, and
 *     with every CRC-32 known a strong ETag and ranges); a bigger folder is streamed chunked, its entries read from
 *     the listing as they are written, holding only the growing central directory (about 55 bytes plus the name per
 *     entry). A list costs a few hundred bytes per entry while the download runs
 * @param linkExpiry how long a signed selection URL of {@code POST /api/v1/zips} works
 * @param maxSelection the most keys and folders a selection may list
 * @param statConcurrency how many metadata reads run at once to learn CRC-32s that a listing does not carry (all of
 *     them on S3, files not hashed yet on local disk)
 */
@ConfigurationProperties("sluice.zip")
public record ZipProperties(
        @DefaultValue("100000") int maxListedEntries,
        @DefaultValue("PT15M") Duration linkExpiry,
        @DefaultValue("1000") int maxSelection,
        @DefaultValue("16") int statConcurrency) {

    public ZipProperties {
        if (maxListedEntries < 0 || maxSelection < 1 || statConcurrency < 1) {
            throw new IllegalArgumentException(
                    "sluice.zip: max-listed-entries must be at least 0, max-selection and stat-concurrency at least 1");
        }
        if (linkExpiry.isNegative() || linkExpiry.isZero()) {
            throw new IllegalArgumentException("sluice.zip.link-expiry must be positive");
        }
    }
}
