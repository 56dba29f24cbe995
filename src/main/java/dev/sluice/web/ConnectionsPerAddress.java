package dev.sluice.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the connections one client address holds open at once ({@code sluice.http.connections.max-per-address}),
 * so that one address cannot take every socket. A connection over the bound is answered {@code 429} with a
 * {@code too-many-connections} problem as soon as it opens, and closed (through the lingering close, so that the
 * client reads the answer rather than a reset). The address is the socket's peer: forwarded headers have not been
 * read when a connection opens. One shared instance for all channels; the count is a lock-free map of counters,
 * and an address's entry is removed when its last connection closes, so memory follows the open connections.
 */
@ChannelHandler.Sharable
final class ConnectionsPerAddress extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<InetAddress> COUNTED = AttributeKey.valueOf("sluice.counted-address");
    private static final byte[] REFUSAL = refusal();

    private final int max;
    private final Refusals refusals;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();

    ConnectionsPerAddress(int max, Refusals refusals) {
        this.max = max;
        this.refusals = refusals;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress remote) || remote.getAddress() == null) {
            super.channelActive(ctx);
            return;
        }
        InetAddress address = remote.getAddress();
        int count = open.compute(address, (a, n) -> {
                    AtomicInteger counter = n == null ? new AtomicInteger() : n;
                    counter.incrementAndGet();
                    return counter;
                })
                .get();
        ctx.channel().attr(COUNTED).set(address);
        if (count > max) {
            refusals.count(Refusals.TOO_MANY_CONNECTIONS);
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(REFUSAL))
                    .addListener(done -> ctx.channel().close());
            return; // not passed on: Reactor Netty never sees this connection as a request source
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
        InetAddress address = ctx.channel().attr(COUNTED).get();
        AtomicInteger counter = address == null ? null : open.get(address);
        if (counter != null && counter.get() > max && !ctx.channel().config().isAutoRead()) {
            ReferenceCountUtil.release(message); // a refused connection's request is not served
            return;
        }
        super.channelRead(ctx, message);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        InetAddress address = ctx.channel().attr(COUNTED).getAndSet(null);
        if (address != null) {
            open.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
        super.channelInactive(ctx);
    }

    /** Addresses with connections open; for tests of the bound. */
    int tracked() {
        return open.size();
    }

    private static byte[] refusal() {
        String body = "{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,\"detail\":"
                + "\"Too many connections from this address: close some and try again\",\"instance\":null,"
                + "\"code\":\"too-many-connections\"}";
        byte[] content = body.getBytes(StandardCharsets.US_ASCII);
        String head = "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/problem+json\r\n"
                + "Content-Length: " + content.length + "\r\nRetry-After: 1\r\nCache-Control: no-store\r\n"
                + "Connection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + content.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(content, 0, all, headBytes.length, content.length);
        return all;
    }
}
