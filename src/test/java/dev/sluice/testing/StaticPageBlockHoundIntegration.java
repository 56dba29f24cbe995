package dev.sluice.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Allows the blocking file calls of serving the browser page ({@code src/main/resources/static}) in tests. There the
 * classpath is the {@code target/classes} directory, so Spring sends each page file with zero-copy: on the event loop
 * its resource writer asks the file's size, and Reactor Netty stats and opens the file when the send is subscribed.
 * A few small files, once per page load. From the packaged jar the page is read from the jar and never takes this
 * path. Sluice's own downloads use neither {@code ResourceHttpMessageWriter} nor {@code NettyOutbound.sendFile(Path)}
 * (they send a {@code FileRegion} over a channel opened on the storage I/O pool), so they stay fully checked, as does
 * every other file call on an event loop.
 */
public final class StaticPageBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // Spring asks the file's size before it hands the path to the response (Files.size).
        builder.allowBlockingCallsInside("org.springframework.http.codec.ResourceHttpMessageWriter", "zeroCopy");
        // The two lambdas of NettyOutbound.sendFile(Path, long, long), reactor-netty-core 1.3 (javap -p): the resource
        // supplier of its Mono.using, FileChannel.open(file, READ); and the send, whose mustChunkFileTransfer check
        // calls Path.toUri(), which stats the file.
        builder.allowBlockingCallsInside("reactor.netty.NettyOutbound", "lambda$sendFile$0");
        builder.allowBlockingCallsInside("reactor.netty.NettyOutbound", "lambda$sendFile$1");
    }
}
