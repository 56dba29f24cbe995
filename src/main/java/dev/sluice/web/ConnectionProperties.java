package dev.sluice.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sluice.http.connections.*}: how long a connection may keep the server waiting, and how many one client
 * address may hold, in the spirit of nginx's {@code client_header_timeout}, {@code client_body_timeout},
 * {@code keepalive_timeout} and {@code send_timeout}. A zero duration or limit turns that check off. None of the
 * timeouts bounds a whole transfer: a slow client that keeps making progress is never cut.
 *
 * @param headTimeout the longest time from the first byte of a request head to its end (slowloris); answered 408
 * @param bodyReadGap the longest pause between two reads of a request body while the server wants more; answered
 *     408 if no response started, and the staged upload is removed at once. Time the server itself spends not
 *     reading (backpressure from a slow disk) does not count
 * @param idleTimeout how long a connection may stay open without a request in progress (keep-alive); closed
 *     silently
 * @param downloadWriteGap the longest time a response may wait for its reader to take any bytes; the connection
 *     is then closed
 * @param maxPerAddress connections one client address (the socket's peer: behind a proxy, the proxy) may hold
 *     open at once; a further one is answered 429 {@code too-many-connections} and closed
 */
@ConfigurationProperties("sluice.http.connections")
public record ConnectionProperties(
        @DefaultValue("20s") Duration headTimeout,
        @DefaultValue("60s") Duration bodyReadGap,
        @DefaultValue("75s") Duration idleTimeout,
        @DefaultValue("60s") Duration downloadWriteGap,
        @DefaultValue("256") int maxPerAddress) {

    public ConnectionProperties {
        for (Duration d : new Duration[] {headTimeout, bodyReadGap, idleTimeout, downloadWriteGap}) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("sluice.http.connections: timeouts must not be negative");
            }
        }
        if (maxPerAddress < 0) {
            throw new IllegalArgumentException("sluice.http.connections.max-per-address must not be negative");
        }
    }
}
