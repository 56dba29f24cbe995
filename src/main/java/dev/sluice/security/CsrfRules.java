package dev.sluice.security;

import dev.sluice.web.Routes;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * When a request needs a CSRF token, and where the token is read from. CSRF is an attack on cookies, so only
 * state-changing requests that a browser could be tricked into sending with the session cookie need one: those
 * that carry the session cookie, plus login and logout. A request with an Authorization header cannot be forged
 * cross-site (a page cannot add the header without the server's CORS consent), and share-link routes draw their
 * authority from the link in the URL, not from a cookie.
 */
final class CsrfRules {

    private static final Set<HttpMethod> SAFE =
            Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.TRACE);

    /**
     * Where the token lives: the {@code XSRF-TOKEN} cookie, readable by the page's script. One instance, shared by
     * the filter chain and the login, which rotates the token ({@link SessionController}).
     */
    static final CookieServerCsrfTokenRepository REPOSITORY = CookieServerCsrfTokenRepository.withHttpOnlyFalse();

    private CsrfRules() {}

    static ServerWebExchangeMatcher protectedRequests() {
        return exchange -> needsToken(exchange.getRequest())
                ? ServerWebExchangeMatcher.MatchResult.match()
                : ServerWebExchangeMatcher.MatchResult.notMatch();
    }

    static boolean needsToken(ServerHttpRequest request) {
        if (SAFE.contains(request.getMethod()) || request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
            return false;
        }
        String path = request.getPath().pathWithinApplication().value();
        if (path.startsWith(Routes.SHARE_LINK) || path.startsWith(Routes.SHARED)) {
            return false;
        }
        return SessionCookies.present(request) || path.equals(Routes.LOGIN) || path.equals(Routes.LOGOUT);
    }

    /**
     * Reads the token from the {@code X-XSRF-TOKEN} header only. Spring's default also looks into form and
     * multipart bodies, which would make the server read (and hold) an upload's body before deciding: never for a
     * streaming endpoint. The page sends the cookie's value as is, so no per-request masking (BREACH protection
     * matters for tokens embedded in compressed HTML, which this server never renders).
     */
    static final class HeaderOnly extends ServerCsrfTokenRequestAttributeHandler {

        @Override
        public Mono<String> resolveCsrfTokenValue(ServerWebExchange exchange, CsrfToken token) {
            return Mono.justOrEmpty(exchange.getRequest().getHeaders().getFirst(token.getHeaderName()));
        }
    }
}
