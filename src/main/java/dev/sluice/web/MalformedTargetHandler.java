package dev.sluice.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * Answers requests that never reach Spring with a problem document: targets that are not a valid URI (an invalid
 * percent-encoding such as {@code %zz}, a raw backslash, raw non-ASCII bytes: Spring answers those 400 with an empty
 * body before any error handler runs) and requests Netty's decoder refused (a request line or headers over the
 * limits: 414 and 431, which Reactor Netty would send with an empty body). The contract wants every error as
 * {@code application/problem+json}. Sits right after Netty's HTTP codec; the rest of such a request is dropped and
 * the connection closed. When an earlier pipelined request still awaits its response, the bad one is passed on so
 * that responses keep their order (Reactor Netty then answers it, with an empty body).
 */
final class MalformedTargetHandler extends ChannelDuplexHandler {

    private final Refusals refusals;
    private boolean dropping;
    /** Requests passed on whose response has not been written completely yet (HTTP/1.1 pipelining). */
    private int awaitingResponse;

    MalformedTargetHandler(Refusals refusals) {
        this.refusals = refusals;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) throws Exception {
        if (message instanceof LastHttpContent && awaitingResponse > 0) {
            awaitingResponse--;
        }
        super.write(ctx, message, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof HttpRequest && awaitingResponse > 0) {
            // An earlier request on this connection still waits for its response: answering this one now would
            // overtake (and, by closing, cut off) that response. Let Reactor Netty answer in order instead.
            awaitingResponse++;
            ctx.fireChannelRead(message);
            return;
        }
        if (message instanceof HttpRequest request && request.decoderResult().isFailure()) {
            dropping = !(message instanceof LastHttpContent);
            ReferenceCountUtil.release(message);
            ctx.writeAndFlush(decoderProblem(request.decoderResult().cause())).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (message instanceof HttpRequest request && !validTarget(request.uri())) {
            dropping = true;
            ReferenceCountUtil.release(message);
            ctx.writeAndFlush(problem(request.uri())).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        FullHttpResponse refusal =
                message instanceof HttpRequest request ? RequestHeadRules.refusal(request, refusals) : null;
        if (refusal != null) {
            dropping = !(message instanceof LastHttpContent);
            ReferenceCountUtil.release(message);
            ctx.writeAndFlush(refusal).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (dropping && message instanceof HttpContent) {
            ReferenceCountUtil.release(message);
            if (message instanceof LastHttpContent) {
                dropping = false;
            }
            return;
        }
        if (message instanceof HttpRequest) {
            awaitingResponse++;
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
        boolean key = path.startsWith(Routes.FILES_KEY) || path.startsWith(Routes.METADATA_KEY);
        return response(
                key ? ProblemCode.INVALID_KEY : ProblemCode.INVALID_REQUEST,
                key
                        ? "Invalid key: the request path is not a valid URI (bad percent-encoding or a character"
                                + " that must be percent-encoded)"
                        : "The request target is not a valid URI",
                jsonString(path));
    }

    private static FullHttpResponse decoderProblem(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return response(ProblemCode.URI_TOO_LONG, "The request line is longer than the server accepts", "null");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return response(
                    ProblemCode.HEADERS_TOO_LARGE, "The request headers are larger than the server accepts", "null");
        }
        return response(ProblemCode.INVALID_REQUEST, "The request is not valid HTTP", "null");
    }

    /** A problem response; {@code instance} is already JSON (a string, or null when the path is unknown). */
    static FullHttpResponse response(ProblemCode code, String detail, String instance) {
        // Netty's own status phrase, as Netty would have answered.
        HttpResponseStatus status = HttpResponseStatus.valueOf(code.status().value());
        String body = "{\"type\":\"about:blank\",\"title\":" + jsonString(status.reasonPhrase())
                + ",\"status\":" + status.code() + ",\"detail\":" + jsonString(detail)
                + ",\"instance\":" + instance + ",\"code\":\"" + code.code() + "\"}";
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
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
