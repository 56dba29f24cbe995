package dev.sluice.security;

import dev.sluice.web.Refusals;
import java.time.Duration;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/**
 * Checks credentials for every way in (HTTP Basic, bearer tokens, the login form) behind one throttle, designed so
 * that an attacker cannot lock out others:
 * <ul>
 * <li>per client address: an address with too many failures is refused (429) for password checks and unknown
 * tokens, until its window ends;</li>
 * <li>per (address, user) pair: guessing one user's password from one address is refused (429, even with the right
 * password, so guessing cannot go on by a side door), while the same user from another address is not;</li>
 * <li>per user, across addresses: too many failures only slow each further password check of that user down by
 * {@code slowdown}, so that guessing from many addresses is slow but the rightful user still gets in;</li>
 * <li>a valid bearer token is never refused: the token is checked first, and it costs one SHA-256.</li>
 * </ul>
 * Passwords are checked by {@link PasswordChecks} (BCrypt off the event loop, timing the same for unknown names).
 */
final class Logins {

    private final Accounts accounts;
    private final LoginThrottle throttle;
    private final PasswordChecks passwords;
    private final Duration slowdown;
    private final Refusals refusals;

    Logins(Accounts accounts, LoginThrottle throttle, PasswordChecks passwords, Duration slowdown, Refusals refusals) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.passwords = passwords;
        this.slowdown = slowdown;
        this.refusals = refusals;
    }

    /** The user with this password, or an error: 401 {@code unauthorized}, 429 {@code too-many-requests}. */
    Mono<Caller> password(ServerHttpRequest request, String name, String password) {
        String address = "address:" + ClientAddress.of(request);
        String pair = "pair:" + ClientAddress.of(request) + "\u0000" + name;
        String user = "user:" + name;
        return Mono.defer(() -> {
            var refused = throttle.refusal(address, pair);
            if (refused.isPresent()) {
                refusals.count(Refusals.LOGIN_THROTTLED);
                return Mono.error(SecurityProblems.tooManyRequests(refused.get()));
            }
            Mono<Caller> check = passwords.check(name, password);
            if (throttle.refusal(user).isPresent() && !slowdown.isZero()) {
                check = Mono.delay(slowdown).then(check);
            }
            return check.switchIfEmpty(Mono.defer(() -> {
                throttle.failed(address, pair, user);
                return Mono.error(SecurityProblems.unauthorized(request, "Wrong user name or password"));
            }));
        });
    }

    /** The caller this API token stands for, or an error as for {@link #password}. */
    Mono<Caller> token(ServerHttpRequest request, String token) {
        String address = "address:" + ClientAddress.of(request);
        return Mono.defer(() -> {
            Caller caller = token.isEmpty() ? null : accounts.token(token);
            if (caller != null) {
                return Mono.just(caller);
            }
            var refused = throttle.refusal(address);
            if (refused.isPresent()) {
                refusals.count(Refusals.LOGIN_THROTTLED);
                return Mono.error(SecurityProblems.tooManyRequests(refused.get()));
            }
            throttle.failed(address);
            return Mono.error(SecurityProblems.unauthorized(request, "Unknown API token"));
        });
    }
}
