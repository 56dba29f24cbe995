package dev.sluice.security;

import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import reactor.core.publisher.Mono;

/**
 * Checks credentials for every way in (HTTP Basic, bearer tokens, the login form), all behind one throttle of
 * failures per client address and user name: a refused attempt is 429 even with the right password, so guessing
 * cannot go on by a side door.
 *
 * <p>Passwords are checked by Spring's {@link UserDetailsRepositoryReactiveAuthenticationManager}, which runs the
 * (deliberately slow) BCrypt comparison on {@code Schedulers.boundedElastic()}, never on the event loop. A token
 * costs one SHA-256.
 */
final class Logins {

    private final Accounts accounts;
    private final LoginThrottle throttle;
    private final ReactiveAuthenticationManager passwords;

    Logins(Accounts accounts, LoginThrottle throttle) {
        this.accounts = accounts;
        this.throttle = throttle;
        UserDetailsRepositoryReactiveAuthenticationManager manager =
                new UserDetailsRepositoryReactiveAuthenticationManager(accounts.passwords());
        manager.setPasswordEncoder(accounts.encoder());
        this.passwords = manager;
    }

    /** The user with this password, or an error: 401 {@code unauthorized}, 429 {@code too-many-requests}. */
    Mono<Caller> password(ServerHttpRequest request, String name, String password) {
        String address = ClientAddress.of(request);
        Mono<Caller> checked = passwords.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(name,
                        password))
                .onErrorResume(AuthenticationException.class, e -> Mono.empty())
                .mapNotNull(done -> accounts.user(done.getName()));
        return refusal(address, name).then(checked)
                .switchIfEmpty(Mono.defer(() -> fail(request, "Wrong user name or password", address, name)));
    }

    /** The caller this API token stands for, or an error as for {@link #password}. */
    Mono<Caller> token(ServerHttpRequest request, String token) {
        String address = ClientAddress.of(request);
        return refusal(address, null)
                .then(Mono.fromSupplier(() -> token.isEmpty() ? null : accounts.token(token)))
                .switchIfEmpty(Mono.defer(() -> fail(request, "Unknown API token", address, null)));
    }

    private Mono<Void> refusal(String address, @Nullable String name) {
        return Mono.defer(() -> throttle.refusal(keys(address, name))
                .map(wait -> Mono.<Void>error(SecurityProblems.tooManyRequests(wait)))
                .orElse(Mono.empty()));
    }

    private Mono<Caller> fail(ServerHttpRequest request, String detail, String address, @Nullable String name) {
        throttle.failed(keys(address, name));
        return Mono.error(SecurityProblems.unauthorized(request, detail));
    }

    private static String[] keys(String address, @Nullable String name) {
        return name == null ? new String[] {"address:" + address}
                : new String[] {"address:" + address, "user:" + name};
    }
}
