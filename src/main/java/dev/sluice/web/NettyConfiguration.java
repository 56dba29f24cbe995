package dev.sluice.web;

import java.time.Duration;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/** Reactor Netty settings of our own. */
@Configuration(proxyBeanMethods = false)
class NettyConfiguration {

    /**
     * Every connection closes with a short lingering drain (at most 2 s, ending after 200 ms without data, or after
     * 16 MiB), so that a client still sending an upload that was refused mid-body reads the problem, not a reset.
     */
    @Bean
    NettyServerCustomizer lingeringClose() {
        return server -> server.doOnChannelInit((observer, channel, address) -> channel.pipeline()
                .addFirst(
                        "sluice-lingering-close",
                        new LingeringCloseHandler(Duration.ofSeconds(2), Duration.ofMillis(200), 16L << 20)));
    }

    /**
     * The access log, and Reactor Netty's connection and data metrics. Their {@code uri} tag is the route template,
     * never the path itself, so that keys do not become unbounded metric tags.
     */
    @Bean
    NettyServerCustomizer accessLogAndMetrics(HttpProperties properties) {
        return server -> server.accessLog(properties.accessLog()).metrics(true, NettyConfiguration::routeTemplate);
    }

    static String routeTemplate(String path) {
        if (path.startsWith(Routes.FILES_KEY)) {
            return Routes.FILES_KEY + "{key}";
        }
        if (path.startsWith(Routes.METADATA_KEY)) {
            return Routes.METADATA_KEY + "{key}";
        }
        if (path.equals(Routes.FILES) || path.startsWith(Routes.FILES + "?")) {
            return Routes.FILES;
        }
        if (path.startsWith(Routes.ACTUATOR + "/")) {
            return Routes.ACTUATOR + "/**";
        }
        return "/**";
    }

    /** Requests whose target is not a valid URI get a problem document rather than Spring's empty 400. */
    @Bean
    NettyServerCustomizer malformedTargets(Refusals refusals) {
        return server -> server.doOnChannelInit((observer, channel, address) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline()
                        .addAfter(
                                NettyPipeline.HttpCodec,
                                "sluice-malformed-target",
                                new MalformedTargetHandler(refusals));
            }
        });
    }
}
