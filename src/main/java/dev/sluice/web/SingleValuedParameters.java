package dev.sluice.web;

import java.util.List;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses an API request that repeats a single-valued query parameter ({@code ?prefix=a/&prefix=b/}) with 400
 * {@code invalid-request}. Spring binds a repeated parameter to a {@code String} by joining the values with commas
 * ({@code a/,b/}), while authorization reads the first value: the two would judge different requests. Runs before
 * the security chain.
 */
@Component
class SingleValuedParameters implements WebFilter, Ordered {

    static final Set<String> NAMES =
            Set.of("prefix", "conflict", "download", "delimiter", "limit", "cursor", "recursive");

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getPath().value().startsWith("/api/")) {
            for (String name : NAMES) {
                List<String> values = exchange.getRequest().getQueryParams().get(name);
                if (values != null && values.size() > 1) {
                    return Mono.error(new ApiException(
                            ProblemCode.INVALID_REQUEST,
                            "The query parameter '" + name + "' is given " + values.size() + " times: give it once"));
                }
            }
        }
        return chain.filter(exchange);
    }
}
