package dev.sluice.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * Answers requests whose target is not a valid URI (an invalid percent-encoding such as {@code %zz}, a raw
 * backslash, raw non-ASCII bytes) with a 400 problem document. Spring builds a {@code java.net.URI} for every
 * request and, when that fails, answers 400 with an empty body before any handler or error handler runs; the
 * contract wants every error as {@code application/problem+json}. Sits right after Netty's HTTP codec; the rest of
 * such a request is dropped and the connection closed.
 */
final class MalformedTargetHandler extends ChannelInboundHandlerAdapter {

    private boolean dropping;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof HttpRequest request && !validTarget(request.uri())) {
            dropping = true;
            ReferenceCountUtil.release(message);
            ctx.writeAndFlush(problem(request.uri())).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (dropping && message instanceof HttpContent) {
            ReferenceCountUtil.release(message);
            if (message instanceof LastHttpContent) {
                dropping = false;
            }
            return;
        }
        ctx.fireChannelRead(message);
    }

    static boolean validTarget(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false; // RFC 9112: the request-target is visible ASCII
            }
        }
        try {
            new URI(target);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static FullHttpResponse problem(String target) {
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        boolean key = path.startsWith("/api/v1/files/") || path.startsWith("/api/v1/metadata/");
        String body = "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\""
                + (key ? "Invalid key: the request path is not a valid URI (bad percent-encoding or a character"
                        + " that must be percent-encoded)"
                        : "The request target is not a valid URI")
                + "\",\"instance\":" + jsonString(path) + ",\"code\":\"" + (key ? "invalid-key" : "invalid-request")
                + "\"}";
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.BAD_REQUEST, content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                .set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    /** The path as a JSON string; bytes the client sent raw (ISO-8859-1 chars) are kept as those code points. */
    private static String jsonString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7E) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
