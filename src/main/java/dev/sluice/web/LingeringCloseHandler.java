package dev.sluice.web;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A lingering close, as web servers have done since Apache: when the server closes a connection whose client may
 * still be sending (an upload refused mid-body), first half-close (FIN after the response), then read and discard
 * what keeps arriving for a short while, then close. Closing at once with unread bytes in the socket makes the
 * kernel send a reset, which can destroy the error response before the client reads it. The drain is bounded in
 * time ({@code quiet} without data ends it early) and in bytes. One instance per channel; runs on its event loop.
 */
final class LingeringCloseHandler extends ChannelDuplexHandler {

    private final long maxMillis;
    private final long quietMillis;
    private final long maxBytes;

    private boolean draining;
    private long drained;
    private long lastRead;
    private @Nullable ChannelPromise closePromise;
    private @Nullable ScheduledFuture<?> timer;

    LingeringCloseHandler(Duration max, Duration quiet, long maxBytes) {
        this.maxMillis = max.toMillis();
        this.quietMillis = quiet.toMillis();
        this.maxBytes = maxBytes;
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (draining) {
            // A second close while draining: finish now.
            finish(ctx);
            ctx.close(promise);
            return;
        }
        if (!(ctx.channel() instanceof DuplexChannel duplex) || !ctx.channel().isActive() || duplex.isInputShutdown()) {
            ctx.close(promise);
            return;
        }
        draining = true;
        closePromise = promise;
        lastRead = System.currentTimeMillis();
        long deadline = lastRead + maxMillis;
        // Flush what was written, send FIN, and keep reading until the client stops or the budget is spent.
        ctx.flush();
        duplex.shutdownOutput().addListener(done -> {
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        });
        timer = ctx.executor()
                .scheduleAtFixedRate(
                        () -> {
                            long now = System.currentTimeMillis();
                            if (now >= deadline || now - lastRead >= quietMillis) {
                                closeNow(ctx);
                            }
                        },
                        quietMillis,
                        Math.max(10, quietMillis / 4),
                        TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (!draining) {
            ctx.fireChannelRead(message);
            return;
        }
        if (message instanceof io.netty.buffer.ByteBuf bytes) {
            drained += bytes.readableBytes();
        }
        ReferenceCountUtil.release(message);
        lastRead = System.currentTimeMillis();
        if (drained > maxBytes) {
            closeNow(ctx);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        finish(ctx);
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (draining && event instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
            closeNow(ctx); // the client finished sending
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    private void closeNow(ChannelHandlerContext ctx) {
        ChannelPromise promise = closePromise;
        if (promise != null) {
            finish(ctx);
            ctx.close(promise);
        }
    }

    private void finish(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        closePromise = null;
    }
}
