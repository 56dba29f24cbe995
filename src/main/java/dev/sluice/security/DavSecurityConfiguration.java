package dev.sluice.security;

import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import reactor.core.publisher.Mono;

/**
 * The filter chain of the WebDAV routes ({@code /dav}, {@code /dav/**}), ahead of the main one. Only the
 * Authorization header counts here (Basic or Bearer, as on the API): the page's session cookie is never read, so a
 * cross-site request cannot ride on a browser's session and no CSRF token is needed. An unauthenticated request is
 * challenged with {@code Basic} whatever it looks like, because mount clients only send credentials after a
 * challenge. Readers may OPTIONS, GET, HEAD and PROPFIND; everything else needs a writer. The caller's home is the
 * WebDAV root (the controller maps paths into it), so no path can reach outside it.
 */
@Configuration(proxyBeanMethods = false)
class DavSecurityConfiguration {

    static final String[] DAV_PATHS = {"/dav", "/dav/**"};

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain sluiceDavSecurity(ServerHttpSecurity http, SecurityProperties properties, Logins logins) {
        http.securityMatcher(ServerWebExchangeMatchers.pathMatchers(DAV_PATHS))
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                // No cookie is accepted on these routes, so there is nothing for a forged cross-site request to use
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        if (!properties.enabled()) {
            return http.authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                    .headers(ServerHttpSecurity.HeaderSpec::disable)
                    .build();
        }
        KeyAccess access = new KeyAccess(properties.anonymousRead());
        return http.headers(headers -> headers.cache(ServerHttpSecurity.HeaderSpec.CacheSpec::disable))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(
                                (exchange, e) -> Mono.error(new ApiException(
                                                ProblemCode.UNAUTHORIZED,
                                                "Send HTTP Basic credentials or a bearer token")
                                        .withHeader(HttpHeaders.WWW_AUTHENTICATE, challenge())))
                        .accessDeniedHandler((exchange, denied) ->
                                Mono.error(SecurityProblems.forbidden("You may not do this here"))))
                .addFilterAt(new HeaderAuthentication(logins), SecurityWebFiltersOrder.AUTHENTICATION)
                .addFilterAfter(BrowserFilters.privateCaching(), SecurityWebFiltersOrder.AUTHENTICATION)
                .authorizeExchange(exchanges -> exchanges
                        // Clients probe with OPTIONS before they authenticate; it tells nothing about the files
                        .pathMatchers(HttpMethod.OPTIONS, DAV_PATHS)
                        .permitAll()
                        .pathMatchers(HttpMethod.GET, DAV_PATHS)
                        .access(access.role(Role.READER))
                        .pathMatchers(HttpMethod.HEAD, DAV_PATHS)
                        .access(access.role(Role.READER))
                        .pathMatchers(HttpMethod.valueOf("PROPFIND"), DAV_PATHS)
                        .access(access.role(Role.READER))
                        .anyExchange()
                        .access(access.role(Role.WRITER)))
                .build();
    }

    /** Basic first: Windows, macOS, davfs2 and GNOME take the first scheme they know. */
    static String challenge() {
        String realm = "realm=\"" + SecurityProblems.REALM + "\"";
        return "Basic " + realm + ", charset=\"UTF-8\", Bearer " + realm;
    }
}
