package dev.sluice.web;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Rules of RFC 9112 on a request head that Netty's decoder does not enforce, checked before the request reaches
 * Reactor Netty ({@link MalformedTargetHandler} answers the refusal and closes):
 * <ul>
 * <li>{@code Transfer-Encoding} may only be {@code chunked} (§6.1): the server implements no other transfer coding,
 * so {@code gzip, chunked} gets 501 instead of storing the gzip bytes as content; {@code identity} is not a
 * transfer coding any more (RFC 7230 removed it) and is refused likewise.</li>
 * <li>An HTTP/1.1 request has exactly one {@code Host} header (§3.2): none, or two, is 400.</li>
 * </ul>
 */
final class RequestHeadRules {

    private RequestHeadRules() {}

    /** The refusal of {@code request}, or null when it follows the rules. Counts the refusal's reason. */
    static @Nullable FullHttpResponse refusal(HttpRequest request, Refusals refusals) {
        List<String> codings = request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!codings.isEmpty() && !onlyChunked(codings)) {
            refusals.count(Refusals.TRANSFER_CODING);
            return MalformedTargetHandler.response(
                    ProblemCode.UNSUPPORTED_TRANSFER_CODING,
                    "Transfer-Encoding '" + ascii(String.join(", ", codings))
                            + "' is not supported: send the body as is, or chunked",
                    "null");
        }
        int hosts = request.headers().getAll(HttpHeaderNames.HOST).size();
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_1) && hosts != 1) {
            refusals.count(Refusals.HOST_HEADER);
            return MalformedTargetHandler.response(
                    ProblemCode.INVALID_REQUEST,
                    hosts == 0 ? "An HTTP/1.1 request needs a Host header" : "More than one Host header",
                    "null");
        }
        return null;
    }

    private static boolean onlyChunked(List<String> values) {
        int chunked = 0;
        for (String value : values) {
            for (String coding : value.split(",", -1)) {
                if (!coding.trim().toLowerCase(Locale.ROOT).equals("chunked")) {
                    return false;
                }
                chunked++;
            }
        }
        return chunked == 1;
    }

    /** Printable ASCII only, so that the detail never echoes control characters. */
    private static String ascii(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 100; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return out.toString();
    }
}
