package dev.sluice.web;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The timeouts of one HTTP/1.1 connection ({@link ConnectionProperties}): a request head must arrive whole in time,
 * an upload body may not pause too long, an idle keep-alive connection is closed, and a download whose reader takes
 * nothing is cut. Sits right after Netty's HTTP codec, so it sees decoded requests, every socket read (the codec
 * passes {@code channelReadComplete} on even for a partial head) and every response part written.
 *
 * <p>Hand-written rather than Reactor Netty's {@code readTimeout}/{@code idleTimeout} or Netty's
 * {@code IdleStateHandler}: those measure time since the last read whatever the server is doing, so a server that
 * stops reading on purpose (backpressure from a slow disk) would cut its own client, and they cannot tell a slow
 * request head from an idle keep-alive connection. One timer per connection, re-armed only when it fires or when a
 * new phase needs an earlier deadline. Everything runs on the channel's event loop.
 */
final class ConnectionDeadlines extends ChannelDuplexHandler {

    private static final long NONE = Long.MAX_VALUE;

    private final long headNanos;
    private final long bodyGapNanos;
    private final long idleNanos;
    private final long writeGapNanos;
    private final Refusals refusals;

    /** Requests read whose response has not been written completely. */
    private int open;
    /** A request head was read and its body's last part not yet. */
    private boolean inBody;

    private boolean responseStarted;
    /** The server asked for more input (auto-read off) and no read has completed since. */
    private boolean readRequested;

    private long headStart = -1;
    private long lastRead;
    private long idleSince;
    private long lastWriteProgress;
    private @Nullable Object writeCurrent;
    private long writeProgress;
    private long writePending;
    private @Nullable ScheduledFuture<?> timer;
    private long timerAt = NONE;
    private boolean done;

    ConnectionDeadlines(ConnectionProperties settings, Refusals refusals) {
        this.headNanos = settings.headTimeout().toNanos();
        this.bodyGapNanos = settings.bodyReadGap().toNanos();
        this.idleNanos = settings.idleTimeout().toNanos();
        this.writeGapNanos = settings.downloadWriteGap().toNanos();
        this.refusals = refusals;
    }

    /** Whether any of the timeouts is on; otherwise the handler is not installed at all. */
    static boolean anyOn(ConnectionProperties settings) {
        return !settings.headTimeout().isZero()
                || !settings.bodyReadGap().isZero()
                || !settings.idleTimeout().isZero()
                || !settings.downloadWriteGap().isZero();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        long now = System.nanoTime();
        idleSince = now;
        lastRead = now;
        lastWriteProgress = now;
        if (ctx.channel().isActive()) {
            armBy(ctx, deadline(now, idleNanos));
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        armBy(ctx, deadline(System.nanoTime(), idleNanos));
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
        long now = System.nanoTime();
        if (message instanceof HttpRequest) {
            open++;
            headStart = -1;
            responseStarted = false;
            inBody = !(message instanceof LastHttpContent);
            lastRead = now;
            if (inBody) {
                armBy(ctx, deadline(now, bodyGapNanos));
            }
        } else if (message instanceof HttpContent) {
            lastRead = now;
            if (message instanceof LastHttpContent) {
                inBody = false;
            }
        }
        super.channelRead(ctx, message);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        // Cleared before passing on: a handler further on may ask for the next read right away.
        readRequested = false;
        if (open == 0 && !inBody && headStart < 0) {
            // Bytes came while no request was open: the start of a request head that is not complete yet.
            headStart = System.nanoTime();
            armBy(ctx, deadline(headStart, headNanos));
        }
        super.channelReadComplete(ctx);
    }

    @Override
    public void read(ChannelHandlerContext ctx) throws Exception {
        if (!readRequested) {
            readRequested = true;
            lastRead = Math.max(lastRead, System.nanoTime()); // a pause of the server's own does not count
        }
        super.read(ctx);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) throws Exception {
        if (message instanceof HttpResponse response && response.status().code() >= 200) {
            responseStarted = true;
        }
        if (message instanceof LastHttpContent && open > 0) {
            open--;
            responseStarted = false;
            if (open == 0 && !inBody) {
                idleSince = System.nanoTime();
            }
        }
        super.write(ctx, message, promise);
        if (writeGapNanos > 0) {
            armBy(ctx, deadline(System.nanoTime(), writeGapNanos));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    private void check(ChannelHandlerContext ctx) {
        timer = null;
        timerAt = NONE;
        if (done || !ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        long next = NONE;
        if (writeGapNanos > 0 && pendingWrite(ctx, now) && now - lastWriteProgress >= writeGapNanos) {
            cut(ctx, Refusals.DOWNLOAD_STALLED, null);
            return;
        }
        if (writePending > 0) {
            next = Math.min(next, deadline(lastWriteProgress, writeGapNanos));
        }
        if (inBody && bodyGapNanos > 0) {
            if (!ctx.channel().config().isAutoRead() && !readRequested) {
                lastRead = now; // the server is not reading: not the client's delay
            } else if (now - lastRead >= bodyGapNanos) {
                cut(
                        ctx,
                        Refusals.BODY_TIMEOUT,
                        responseStarted ? null : "The request body paused longer than the server waits");
                return;
            }
            next = Math.min(next, deadline(lastRead, bodyGapNanos));
        }
        if (open == 0 && !inBody) {
            if (headStart >= 0 && headNanos > 0) {
                if (now - headStart >= headNanos) {
                    cut(ctx, Refusals.HEAD_TIMEOUT, "The request head did not arrive in time");
                    return;
                }
                next = Math.min(next, deadline(headStart, headNanos));
            } else if (headStart < 0 && idleNanos > 0 && writePending == 0) {
                if (now - idleSince >= idleNanos) {
                    cut(ctx, Refusals.IDLE_TIMEOUT, null);
                    return;
                }
                next = Math.min(next, deadline(idleSince, idleNanos));
            }
        }
        // A request the server is still working on has no deadline of the client's; look again later.
        armBy(ctx, next == NONE ? deadline(now, shortest()) : next);
    }

    /** Whether bytes wait for the reader; records progress (a reader taking anything resets the gap). */
    private boolean pendingWrite(ChannelHandlerContext ctx, long now) {
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        long pending = buffer == null ? 0 : buffer.totalPendingWriteBytes();
        Object current = buffer == null ? null : buffer.current();
        long progress = buffer == null ? 0 : buffer.currentProgress();
        if (pending == 0 || pending != writePending || current != writeCurrent || progress != writeProgress) {
            lastWriteProgress = now;
        }
        writePending = pending;
        writeCurrent = current;
        writeProgress = progress;
        return pending > 0;
    }

    private void cut(ChannelHandlerContext ctx, String reason, @Nullable String detail) {
        done = true;
        refusals.count(reason);
        if (detail == null) {
            // Nothing more to tell this client, and it is not reading (or not there): close from the head of the
            // pipeline, past the lingering close, which would only wait on a reader that has stopped.
            ctx.pipeline().firstContext().close();
            return;
        }
        // Through the whole pipeline (not ctx.close()), so that the lingering close drains what is still coming.
        ctx.writeAndFlush(MalformedTargetHandler.response(ProblemCode.REQUEST_TIMEOUT, detail, "null"))
                .addListener(written -> ctx.channel().close());
    }

    private void armBy(ChannelHandlerContext ctx, long at) {
        if (done || at == NONE || at >= timerAt) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        timerAt = at;
        long delay = Math.max(TimeUnit.MILLISECONDS.toNanos(10), at - System.nanoTime());
        timer = ctx.executor().schedule(() -> check(ctx), delay, TimeUnit.NANOSECONDS);
    }

    private long shortest() {
        long shortest = NONE;
        for (long nanos : new long[] {headNanos, bodyGapNanos, idleNanos, writeGapNanos}) {
            if (nanos > 0) {
                shortest = Math.min(shortest, nanos);
            }
        }
        return shortest;
    }

    private static long deadline(long from, long nanos) {
        return nanos <= 0 || nanos == NONE ? NONE : from + nanos;
    }

    private void stop() {
        done = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
