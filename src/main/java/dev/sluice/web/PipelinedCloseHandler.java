package dev.sluice.web;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Keeps HTTP/1.1 pipelining whole when the last pipelined request says {@code Connection: close}: Reactor Netty
 * takes the close from the newest request it has read, not from the one being answered, so three pipelined GETs
 * whose third says close got one response and a closed connection. This handler (right after the codec) hides the
 * close from Reactor Netty while earlier responses are still owed, and closes the connection itself after the
 * response to that request, with {@code Connection: close} on it (RFC 9112 §9.6). One instance per channel.
 */
final class PipelinedCloseHandler extends ChannelDuplexHandler {

    private long requestsRead;
    private long responsesStarted;
    private long responsesDone;
    /** The number (from 1) of the pipelined request that asked for the close, or 0. */
    private long closeAfter;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
        if (message instanceof HttpRequest request && request.decoderResult().isSuccess()) {
            requestsRead++;
            if (closeAfter == 0 && requestsRead > responsesDone + 1 && !HttpUtil.isKeepAlive(request)) {
                closeAfter = requestsRead;
                HttpUtil.setKeepAlive(request, true);
            }
        }
        super.channelRead(ctx, message);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) throws Exception {
        if (message instanceof HttpResponse response && response.status().code() >= 200) {
            responsesStarted++;
            if (responsesStarted == closeAfter) {
                HttpUtil.setKeepAlive(response, false);
            }
        }
        if (message instanceof LastHttpContent) {
            responsesDone++;
            if (responsesDone == closeAfter) {
                super.write(ctx, message, promise);
                promise.addListener(ChannelFutureListener.CLOSE);
                return;
            }
        }
        super.write(ctx, message, promise);
    }
}
