package dev.sluice.resumable;

import dev.sluice.web.Routes;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Puts {@code Tus-Resumable: 1.0.0} on every response of the tus routes, errors and refusals included (the protocol
 * wants it on every response but OPTIONS', where it does no harm either), and {@code Cache-Control: no-store}.
 */
@Component
class TusResponseFilter implements WebFilter, Ordered {

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 50;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (isTusPath(exchange.getRequest().getPath().pathWithinApplication().value())) {
            exchange.getResponse().beforeCommit(() -> {
                HttpHeaders headers = exchange.getResponse().getHeaders();
                headers.set(TusHeaders.TUS_RESUMABLE, TusHeaders.VERSION);
                if (!headers.containsHeader(HttpHeaders.CACHE_CONTROL)) {
                    headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
                }
                headers.set(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, TusHeaders.EXPOSED);
                return Mono.empty();
            });
        }
        return chain.filter(exchange);
    }

    /** {@code /api/v1/uploads[/<id>]} and an upload link's {@code /api/v1/s/<token>/uploads[/<id>]}. */
    static boolean isTusPath(String path) {
        if (path.equals(Routes.UPLOADS) || path.startsWith(Routes.UPLOADS + "/")) {
            return true;
        }
        if (!path.startsWith(Routes.SHARED)) {
            return false;
        }
        String rest = path.substring(Routes.SHARED.length());
        int slash = rest.indexOf('/');
        return slash > 0 && (rest.startsWith("uploads", slash + 1));
    }
}
