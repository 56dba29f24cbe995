package dev.sluice.shares;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sluice.shares.*}.
 *
 * @param maxExpiry the longest {@code expiresIn} a link may be created with
 */
@ConfigurationProperties("sluice.shares")
public record ShareProperties(@DefaultValue("P30D") Duration maxExpiry) {}
