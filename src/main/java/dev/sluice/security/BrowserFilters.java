package dev.sluice.security;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/** Small filters of the security chain that serve browsers. */
final class BrowserFilters {

    private BrowserFilters() {}

    /**
     * Makes sure a browser has the {@code XSRF-TOKEN} cookie its page script copies into {@code X-XSRF-TOKEN}:
     * Spring creates the token lazily, only when something asks for it, so this asks on every request that is not
     * authenticated by a header (the cookie is written once, then only read).
     */
    static WebFilter csrfCookie() {
        return (exchange, chain) -> {
            if (exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
                return chain.filter(exchange);
            }
            Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
            return token == null ? chain.filter(exchange) : token.then(chain.filter(exchange));
        };
    }

    /**
     * {@code Cache-Control: private, no-cache} instead of {@code no-cache} on authenticated responses (API.md): a
     * shared cache must never hand one user's content to another. Content served to anonymous callers keeps
     * {@code no-cache}.
     */
    static WebFilter privateCaching() {
        return (exchange, chain) -> ReactiveSecurityContextHolder.getContext()
                .map(context -> context.getAuthentication() instanceof SluiceAuthentication)
                .defaultIfEmpty(false)
                .flatMap(authenticated -> {
                    if (authenticated) {
                        markPrivate(exchange);
                    }
                    return chain.filter(exchange);
                });
    }

    private static void markPrivate(ServerWebExchange exchange) {
        ServerHttpResponse response = exchange.getResponse();
        response.beforeCommit(() -> {
            String cacheControl = response.getHeaders().getCacheControl();
            if (cacheControl != null && !cacheControl.contains("private") && !cacheControl.contains("no-store")) {
                response.getHeaders().setCacheControl("private, " + cacheControl);
            }
            return Mono.empty();
        });
    }
}
