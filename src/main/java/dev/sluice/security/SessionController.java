package dev.sluice.security;

import dev.sluice.web.Routes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The page's session: {@code POST /login} (JSON or form; sets the signed session cookie), {@code POST /logout}
 * (deletes it) and {@code GET /api/v1/me} (who the caller is). Login and logout need the CSRF header like every
 * other state-changing request of a browser (see docs/SECURITY.md).
 */
@RestController
@Tag(name = "session", description = "Who the caller is")
class SessionController {

    private final SecurityProperties properties;
    private final ObjectProvider<Logins> logins;
    private final ObjectProvider<SessionCookies> sessions;

    SessionController(
            SecurityProperties properties, ObjectProvider<Logins> logins, ObjectProvider<SessionCookies> sessions) {
        this.properties = properties;
        this.logins = logins;
        this.sessions = sessions;
    }

    @GetMapping(Routes.ME)
    @Operation(
            operationId = "getMe",
            summary = "Who the caller is",
            description = "The caller's name, roles (implied ones included) and home prefix. Never 401: an "
                    + "anonymous caller gets `authenticated: false`, and the roles anonymous callers have.")
    @ApiResponse(
            responseCode = "200",
            description = "The caller",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Me.class)))
    public Mono<Me> me() {
        if (!properties.enabled()) {
            return Mono.just(new Me(null, List.of("admin", "writer", "reader"), null, false, false));
        }
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(SecurityContext::getAuthentication)
                .filter(SluiceAuthentication.class::isInstance)
                .map(auth -> Me.of(((SluiceAuthentication) auth).caller()))
                .defaultIfEmpty(
                        new Me(null, properties.anonymousRead() ? List.of("reader") : List.of(), null, false, true));
    }

    @PostMapping(path = Routes.LOGIN, consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Me>> loginJson(ServerWebExchange exchange, @RequestBody LoginRequest body) {
        return login(exchange, body.name(), body.password());
    }

    @PostMapping(path = Routes.LOGIN, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public Mono<ResponseEntity<Me>> loginForm(ServerWebExchange exchange) {
        return exchange.getFormData()
                .flatMap(form -> login(exchange, first(form, "name", "username"), form.getFirst("password")));
    }

    @PostMapping(Routes.LOGOUT)
    public Mono<ResponseEntity<Void>> logout(ServerWebExchange exchange) {
        SessionCookies cookies = sessions.getIfAvailable();
        Mono<Void> clear = cookies == null ? Mono.empty() : cookies.logout(exchange);
        return clear.thenReturn(ResponseEntity.noContent().build());
    }

    private Mono<ResponseEntity<Me>> login(
            ServerWebExchange exchange, @Nullable String name, @Nullable String password) {
        Logins checker = logins.getIfAvailable();
        SessionCookies cookies = sessions.getIfAvailable();
        if (checker == null || cookies == null) {
            return Mono.error(new org.springframework.web.server.ResponseStatusException(HttpStatus.NOT_FOUND));
        }
        if (name == null || name.isEmpty() || password == null) {
            return Mono.error(new dev.sluice.web.ApiException(
                    dev.sluice.web.ProblemCode.INVALID_REQUEST, "Send a name and a password"));
        }
        return checker.password(exchange.getRequest(), name, password).flatMap(caller -> {
            Authentication auth = new SluiceAuthentication(caller, SluiceAuthentication.Method.SESSION);
            // A new CSRF token with the new session, so that a token planted before the login is worth nothing.
            Mono<Void> rotate = CsrfRules.REPOSITORY
                    .generateToken(exchange)
                    .flatMap(token -> CsrfRules.REPOSITORY.saveToken(exchange, token));
            return cookies.save(exchange, new SecurityContextImpl(auth))
                    .then(rotate)
                    .thenReturn(ResponseEntity.ok(Me.of(caller)));
        });
    }

    private static @Nullable String first(MultiValueMap<String, String> form, String... names) {
        for (String name : names) {
            String value = form.getFirst(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
