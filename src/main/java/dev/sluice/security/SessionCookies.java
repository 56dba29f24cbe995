package dev.sluice.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The page's login session as a signed, stateless cookie: {@code SLUICE_SESSION=<name>.<expiry>.<HMAC>}, the name
 * base64url-encoded, the expiry in epoch seconds, the HMAC-SHA-256 (keyed from {@link ServerSecret}) over both.
 *
 * <p>Hand-written because instances share nothing but storage and configuration: Spring Session would need Redis or
 * a database, and Spring Security's default keeps the context in one instance's memory. Any instance verifies the
 * cookie by itself. The user is looked up again on every request, so removing a user from the configuration ends
 * their sessions; the MAC also covers the user's configured password hash, so changing the password ends them too;
 * rotating the secret ends everybody's. Logging out records the time in storage ({@link SessionRevocations}), and
 * every instance refuses cookies of that user issued until then (a cookie's issue time is its expiry minus
 * {@code session-timeout}; see docs/SECURITY.md).
 */
final class SessionCookies implements ServerSecurityContextRepository {

    static final String COOKIE = "SLUICE_SESSION";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final Accounts accounts;
    private final ServerSecret secret;
    private final Duration timeout;
    private final boolean alwaysSecure;
    private final Clock clock;
    private final SessionRevocations revocations;

    SessionCookies(
            Accounts accounts,
            ServerSecret secret,
            SecurityProperties properties,
            Clock clock,
            SessionRevocations revocations) {
        this.accounts = accounts;
        this.revocations = revocations;
        this.secret = secret;
        this.timeout = properties.sessionTimeout();
        this.alwaysSecure = properties.secureCookie();
        this.clock = clock;
    }

    /** Whether the request carries a session cookie at all (valid or not): it then needs a CSRF token. */
    static boolean present(ServerHttpRequest request) {
        return request.getCookies().getFirst(COOKIE) != null;
    }

    @Override
    public Mono<Void> save(ServerWebExchange exchange, @Nullable SecurityContext context) {
        ServerHttpRequest request = exchange.getRequest();
        ResponseCookie.ResponseCookieBuilder cookie = ResponseCookie.from(COOKIE)
                .path("/")
                .httpOnly(true)
                .sameSite("Lax")
                .secure(alwaysSecure
                        || "https".equalsIgnoreCase(request.getURI().getScheme()));
        if (context == null || !(context.getAuthentication() instanceof SluiceAuthentication auth)) {
            exchange.getResponse().addCookie(cookie.value("").maxAge(0).build());
        } else {
            String name = auth.caller().name();
            // A login in the very second of this user's last logout would issue a cookie that logout voids: wait
            // for the next second (rare, at most a second).
            return revocations
                    .validAfter(name)
                    .flatMap(after -> {
                        long wait = (after + 1) * 1000 - clock.millis();
                        return wait > 0 && after >= clock.instant().getEpochSecond()
                                ? Mono.delay(java.time.Duration.ofMillis(wait)).thenReturn(after)
                                : Mono.just(after);
                    })
                    .doOnNext(after -> {
                        long expires = clock.instant().plus(timeout).getEpochSecond();
                        exchange.getResponse()
                                .addCookie(cookie.value(sign(name, expires))
                                        .maxAge(timeout)
                                        .build());
                    })
                    .then();
        }
        return Mono.empty();
    }

    /** Ends the caller's sessions on every instance (when the request has a valid one) and deletes the cookie. */
    Mono<Void> logout(ServerWebExchange exchange) {
        HttpCookie cookie = exchange.getRequest().getCookies().getFirst(COOKIE);
        @Nullable Caller caller = cookie == null ? null : verify(cookie.getValue());
        Mono<Void> revoke = caller == null
                ? Mono.empty()
                : revocations.revoke(caller.name(), clock.instant().getEpochSecond());
        return revoke.then(save(exchange, null));
    }

    @Override
    public Mono<SecurityContext> load(ServerWebExchange exchange) {
        HttpCookie cookie = exchange.getRequest().getCookies().getFirst(COOKIE);
        if (cookie == null) {
            return Mono.empty();
        }
        String value = cookie.getValue();
        return Mono.justOrEmpty(verify(value))
                .filterWhen(caller -> revocations.validAfter(caller.name()).map(after -> issuedAt(value) > after))
                .map(caller ->
                        new SecurityContextImpl(new SluiceAuthentication(caller, SluiceAuthentication.Method.SESSION)));
    }

    String sign(String name, long expiresEpochSecond) {
        String payload = ENCODER.encodeToString(name.getBytes(StandardCharsets.UTF_8)) + "." + expiresEpochSecond;
        return payload + "." + ENCODER.encodeToString(mac(payload, name));
    }

    /** The epoch second a well-formed cookie was issued at (its expiry minus the session timeout). */
    private long issuedAt(String value) {
        int last = value.lastIndexOf('.');
        return Long.parseLong(value.substring(value.indexOf('.') + 1, last)) - timeout.toSeconds();
    }

    /** The caller of a valid, unexpired cookie whose user still exists; null otherwise. */
    @Nullable
    Caller verify(String value) {
        int last = value.lastIndexOf('.');
        int first = value.indexOf('.');
        if (first <= 0 || last <= first) {
            return null;
        }
        String payload = value.substring(0, last);
        try {
            String name = new String(DECODER.decode(value.substring(0, first)), StandardCharsets.UTF_8);
            // Compares the text, not decoded bytes: a lenient Base64 decoder ignores the unused bits of the last
            // character, so several spellings of one signature would all pass; only the canonical one is accepted.
            byte[] expected = ENCODER.encodeToString(mac(payload, name)).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(expected, value.substring(last + 1).getBytes(StandardCharsets.US_ASCII))) {
                return null;
            }
            long expires = Long.parseLong(value.substring(first + 1, last));
            if (clock.instant().getEpochSecond() >= expires) {
                return null;
            }
            return accounts.user(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The MAC over the payload and the user's configured password hash, so a new password voids old cookies. */
    private byte[] mac(String payload, String name) {
        javax.crypto.Mac mac = secret.mac("session");
        mac.update(payload.getBytes(StandardCharsets.US_ASCII));
        String stored = accounts.storedPassword(name);
        mac.update((byte) 0);
        if (stored != null) {
            mac.update(stored.getBytes(StandardCharsets.UTF_8));
        }
        return mac.doFinal();
    }
}
