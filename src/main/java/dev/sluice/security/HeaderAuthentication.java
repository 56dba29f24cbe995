package dev.sluice.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authenticates requests that carry {@code Authorization: Basic} (a user's password) or {@code Authorization:
 * Bearer} (an API token). A request with an Authorization header is judged by it alone: a bad header is a 401 even
 * if a session cookie came along. One filter for both schemes instead of Spring's two, so that both share the
 * throttle ({@link Logins}) and the problem responses.
 */
final class HeaderAuthentication implements WebFilter {

    private final Logins logins;

    HeaderAuthentication(Logins logins) {
        this.logins = logins;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return chain.filter(exchange);
        }
        int space = header.indexOf(' ');
        String scheme = (space < 0 ? header : header.substring(0, space)).toLowerCase(Locale.ROOT);
        String value = space < 0 ? "" : header.substring(space + 1).trim();
        Mono<Caller> caller;
        SluiceAuthentication.Method method;
        if (scheme.equals("basic")) {
            String[] pair = decodeBasic(value);
            if (pair == null) {
                return Mono.error(SecurityProblems.unauthorized(request, "Malformed Basic credentials"));
            }
            caller = logins.password(request, pair[0], pair[1]);
            method = SluiceAuthentication.Method.PASSWORD;
        } else if (scheme.equals("bearer")) {
            caller = logins.token(request, value);
            method = SluiceAuthentication.Method.TOKEN;
        } else {
            return Mono.error(SecurityProblems.unauthorized(
                    request, "Unsupported Authorization scheme '" + scheme + "': use Basic or Bearer"));
        }
        return caller.flatMap(authenticated -> chain.filter(exchange)
                .contextWrite(ReactiveSecurityContextHolder.withAuthentication(
                        new SluiceAuthentication(authenticated, method))));
    }

    private static String @Nullable [] decodeBasic(String value) {
        try {
            String decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
