package dev.sluice.security;

import dev.sluice.storage.ObjectStore;
import dev.sluice.web.Routes;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import reactor.core.publisher.Mono;

/**
 * The security filter chain. It runs before every controller (and so before any request body is read), decides who
 * the caller is (an Authorization header, else the session cookie) and whether the route, key or prefix is theirs
 * ({@link KeyAccess}). Refusals are problems rendered by {@code web.ProblemDetailsExceptionHandler}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    private static final String FILES = Routes.FILES_KEY;
    private static final String METADATA = Routes.METADATA_KEY;

    @Bean
    Accounts sluiceAccounts(SecurityProperties properties) {
        return new Accounts(properties, properties.enabled());
    }

    /**
     * Current rights by name, for share links. With security off every name has every right, as every caller
     * has.
     */
    @Bean
    Callers sluiceCallers(Accounts accounts, SecurityProperties properties) {
        return properties.enabled()
                ? accounts::current
                : name -> new Caller(name, java.util.EnumSet.allOf(Role.class), null);
    }

    /** Spring Boot creates a user with a generated password of its own unless there is a user service: ours. */
    @Bean
    ReactiveUserDetailsService sluiceUserDetails(Accounts accounts) {
        return accounts.passwords();
    }

    @Bean
    ServerSecret sluiceServerSecret(SecurityProperties properties, ObjectStore store) {
        return ServerSecret.load(properties, store);
    }

    @Bean
    Logins sluiceLogins(Accounts accounts, SecurityProperties properties, dev.sluice.web.Refusals refusals) {
        SecurityProperties.Throttle throttle = properties.throttle();
        return new Logins(
                accounts,
                new LoginThrottle(throttle, Clock.systemUTC()),
                new PasswordChecks(
                        accounts,
                        properties.passwordCache().ttl(),
                        properties.passwordCache().maxEntries()),
                throttle.userSlowdown(),
                refusals);
    }

    @Bean
    SessionCookies sluiceSessionCookies(
            Accounts accounts, ServerSecret secret, SecurityProperties properties, ObjectStore store) {
        return new SessionCookies(accounts, secret, properties, Clock.systemUTC(), new SessionRevocations(store));
    }

    /**
     * No firewall in front of the chain. Spring's strict one refuses encoded slashes, semicolons, backslashes and
     * more with a bare 400, while keys are defined on the raw path (API.md: {@code %2F} is a separator, {@code ;}
     * a literal): authorization ({@link KeyAccess}) and the controllers parse that raw path with the same strict
     * parser ({@code web.RawKeys}, which refuses {@code .}/{@code ..} segments, backslashes and control
     * characters with an {@code invalid-key} problem), and the chain's path matchers and the handler mappings both
     * use {@code PathPatternParser}, so both sides see the same request. The authorization matrix test includes
     * such paths.
     */
    @Bean
    ServerWebExchangeFirewall sluiceFirewall() {
        return ServerWebExchangeFirewall.INSECURE_NOOP;
    }

    @Bean
    SecurityWebFilterChain sluiceSecurity(
            ServerHttpSecurity http, SecurityProperties properties, Logins logins, SessionCookies sessions) {
        http.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                // The request cache keeps requests to replay after a login redirect; there are no such redirects.
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()));
        if (!properties.enabled()) {
            return http.authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                    .csrf(ServerHttpSecurity.CsrfSpec::disable)
                    .headers(ServerHttpSecurity.HeaderSpec::disable)
                    .build();
        }
        KeyAccess access = new KeyAccess(properties.anonymousRead());
        return http.securityContextRepository(sessions)
                .csrf(csrf -> csrf.csrfTokenRepository(CsrfRules.REPOSITORY)
                        .csrfTokenRequestHandler(new CsrfRules.HeaderOnly())
                        .requireCsrfProtectionMatcher(CsrfRules.protectedRequests())
                        .accessDeniedHandler((exchange, denied) -> Mono.error(SecurityProblems.forbidden(
                                "Missing or wrong CSRF token: send the XSRF-TOKEN cookie's value in the X-XSRF-TOKEN "
                                        + "header"))))
                // Downloads set their own Cache-Control (made private when authenticated, BrowserFilters).
                .headers(headers -> headers.cache(ServerHttpSecurity.HeaderSpec.CacheSpec::disable))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(
                                (exchange, e) -> Mono.error(SecurityProblems.unauthorized(
                                        exchange.getRequest(),
                                        "Log in, or send HTTP Basic credentials or a bearer token")))
                        .accessDeniedHandler((exchange, denied) ->
                                Mono.error(SecurityProblems.forbidden("You may not do this here"))))
                .addFilterAt(new HeaderAuthentication(logins), SecurityWebFiltersOrder.AUTHENTICATION)
                .addFilterAfter(BrowserFilters.privateCaching(), SecurityWebFiltersOrder.AUTHENTICATION)
                .addFilterAfter(BrowserFilters.csrfCookie(), SecurityWebFiltersOrder.CSRF)
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(Routes.ACTUATOR + "/health", Routes.ACTUATOR + "/health/**")
                        .permitAll()
                        .pathMatchers(Routes.ACTUATOR, Routes.ACTUATOR + "/**")
                        .hasRole(Role.ADMIN.name())
                        .pathMatchers(
                                HttpMethod.GET, "/", "/index.html", "/share.html", "/app.css", "/favicon.svg", "/js/**")
                        .permitAll()
                        .pathMatchers(
                                HttpMethod.HEAD,
                                "/",
                                "/index.html",
                                "/share.html",
                                "/app.css",
                                "/favicon.svg",
                                "/js/**")
                        .permitAll()
                        .pathMatchers(
                                HttpMethod.GET,
                                "/v3/api-docs",
                                "/v3/api-docs/**",
                                "/swagger-ui.html",
                                "/swagger-ui/**",
                                "/webjars/**")
                        .permitAll()
                        .pathMatchers(HttpMethod.POST, Routes.LOGIN, Routes.LOGOUT)
                        .permitAll()
                        .pathMatchers(HttpMethod.GET, Routes.ME)
                        .permitAll()
                        // Share links carry their own authority (checked by shares.ShareLinks on every use)
                        .pathMatchers(Routes.SHARE_LINK + "*", Routes.SHARED + "**")
                        .permitAll()
                        .pathMatchers(HttpMethod.POST, Routes.SHARES)
                        .access(access.role(Role.WRITER))
                        .pathMatchers(Routes.SHARES, Routes.SHARES + "/**")
                        .access(access.role(Role.READER))
                        .pathMatchers(HttpMethod.GET, Routes.LIMITS)
                        .access(access.role(Role.READER))
                        .pathMatchers(HttpMethod.GET, Routes.FILES)
                        .access(access.prefix(Role.READER))
                        .pathMatchers(HttpMethod.POST, Routes.FILES)
                        .access(access.prefix(Role.WRITER))
                        .pathMatchers(HttpMethod.GET, FILES + "**")
                        .access(access.key(Role.READER, FILES))
                        .pathMatchers(HttpMethod.HEAD, FILES + "**")
                        .access(access.key(Role.READER, FILES))
                        .pathMatchers(HttpMethod.PUT, FILES + "**")
                        .access(access.key(Role.WRITER, FILES))
                        .pathMatchers(HttpMethod.DELETE, FILES + "**")
                        .access(access.key(Role.WRITER, FILES))
                        .pathMatchers(HttpMethod.PUT, Routes.FOLDERS_KEY + "**")
                        .access(access.folder(Role.WRITER, Routes.FOLDERS_KEY))
                        .pathMatchers(HttpMethod.DELETE, Routes.FOLDERS_KEY + "**")
                        .access(access.folder(Role.WRITER, Routes.FOLDERS_KEY))
                        // Move and copy: both keys are in the body, checked against the home by files.FileMoves
                        .pathMatchers(HttpMethod.POST, Routes.MOVE, Routes.COPY)
                        .access(access.role(Role.WRITER))
                        .pathMatchers(HttpMethod.GET, METADATA + "**")
                        .access(access.key(Role.READER, METADATA))
                        .pathMatchers(HttpMethod.HEAD, METADATA + "**")
                        .access(access.key(Role.READER, METADATA))
                        // ZIPs: a folder's is read access to the folder; a signed selection URL is its own authority
                        // (checked against its asker's current rights on every use, by the controller)
                        .pathMatchers(HttpMethod.GET, Routes.ZIPS + "/*")
                        .permitAll()
                        .pathMatchers(HttpMethod.HEAD, Routes.ZIPS + "/*")
                        .permitAll()
                        .pathMatchers(HttpMethod.POST, Routes.ZIPS)
                        .access(access.role(Role.READER))
                        .pathMatchers(HttpMethod.GET, Routes.ZIP, Routes.ZIP_KEY + "**")
                        .access(access.folder(Role.READER, Routes.ZIP_KEY))
                        .pathMatchers(HttpMethod.HEAD, Routes.ZIP, Routes.ZIP_KEY + "**")
                        .access(access.folder(Role.READER, Routes.ZIP_KEY))
                        // tus: discovery is open; an upload needs write access, its target is checked by the
                        // service (it is in Upload-Metadata), and an upload URL is its creator's (others get 404)
                        .pathMatchers(HttpMethod.OPTIONS, Routes.UPLOADS, Routes.UPLOADS + "/*")
                        .permitAll()
                        .pathMatchers(Routes.UPLOADS, Routes.UPLOADS + "/**")
                        .access(access.role(Role.WRITER))
                        .anyExchange()
                        .authenticated())
                .build();
    }
}
