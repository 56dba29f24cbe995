package dev.sluice.web;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/**
 * Installs the connection guards of {@link ConnectionProperties} on every accepted connection: the per-address
 * bound ({@link ConnectionsPerAddress}) first in the pipeline, the timeouts ({@link ConnectionDeadlines}) right
 * after the HTTP codec, and the pipelining fix ({@link PipelinedCloseHandler}).
 */
@Configuration(proxyBeanMethods = false)
class ConnectionGuards {

    @Bean
    NettyServerCustomizer sluiceConnectionGuards(ConnectionProperties settings, Refusals refusals) {
        ConnectionsPerAddress perAddress =
                settings.maxPerAddress() > 0 ? new ConnectionsPerAddress(settings.maxPerAddress(), refusals) : null;
        boolean timeouts = ConnectionDeadlines.anyOn(settings);
        return server -> server.doOnChannelInit((observer, channel, address) -> {
            if (perAddress != null) {
                channel.pipeline().addFirst("sluice-connections-per-address", perAddress);
            }
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline()
                        .addAfter(NettyPipeline.HttpCodec, "sluice-pipelined-close", new PipelinedCloseHandler());
            }
            if (timeouts && channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline()
                        .addAfter(
                                NettyPipeline.HttpCodec,
                                "sluice-connection-deadlines",
                                new ConnectionDeadlines(settings, refusals));
            }
        });
    }
}
