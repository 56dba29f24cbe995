package dev.sluice.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sluice.http.*}.
 *
 * @param accessLog log every request in Reactor Netty's access log format (Common Log Format plus duration), on the
 *     logger {@code reactor.netty.http.server.AccessLog}
 */
@ConfigurationProperties("sluice.http")
public record HttpProperties(@DefaultValue("true") boolean accessLog) {}
