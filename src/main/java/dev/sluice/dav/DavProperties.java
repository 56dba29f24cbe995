package dev.sluice.dav;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * WebDAV settings ({@code sluice.dav.*}).
 *
 * @param maxLockTimeout the longest timeout a LOCK is granted (also for {@code Timeout: Infinite} or none); clients
 *     refresh before it ends
 * @param maxXmlBody the largest XML request body (PROPFIND, PROPPATCH, LOCK) read; larger is 400
 * @param maxXmlDepth the deepest element nesting accepted in an XML body; deeper is 400
 */
@ConfigurationProperties("sluice.dav")
public record DavProperties(
        @DefaultValue("1h") Duration maxLockTimeout,
        @DefaultValue("64KB") DataSize maxXmlBody,
        @DefaultValue("32") int maxXmlDepth) {

    public DavProperties {
        if (maxLockTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("sluice.dav.max-lock-timeout must be at least 1 s");
        }
        if (maxXmlBody.toBytes() < 1024 || maxXmlDepth < 4) {
            throw new IllegalArgumentException("sluice.dav.max-xml-body must be at least 1KB, max-xml-depth 4");
        }
    }
}
