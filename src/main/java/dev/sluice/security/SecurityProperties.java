package dev.sluice.security;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sluice.security.*}: who may use the server. See README "Access control" and docs/SECURITY.md.
 *
 * @param enabled false turns every check off (local use only): anyone may do anything
 * @param anonymousRead true lets anyone list and download without logging in (a public file server)
 * @param users people, with passwords; none configured means one {@code admin} with a random password printed once
 *     at start-up
 * @param tokens API tokens for scripts and load tests, checked by their SHA-256 (a hash lookup, no BCrypt)
 * @param secret the HMAC secret of session cookies and share links, at least 32 characters; unset means one secret
 *     created once in storage ({@code .sluice/secret}) and shared by every instance on that storage. Changing it
 *     logs everybody out and revokes every share link
 * @param sessionTimeout how long a login lasts
 * @param secureCookie {@code true} marks the session cookie {@code Secure} always; {@code false} (the default)
 *     marks it so when the request came over HTTPS (directly, or as the proxy says with X-Forwarded-Proto)
 * @param throttle how failed logins are throttled
 * @param passwordCache how long a successful password check is remembered
 */
@ConfigurationProperties("sluice.security")
public record SecurityProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("false") boolean anonymousRead,
        @DefaultValue List<User> users,
        @DefaultValue List<Token> tokens,
        @Nullable String secret,
        @DefaultValue("12h") Duration sessionTimeout,
        @DefaultValue("false") boolean secureCookie,
        @DefaultValue Throttle throttle,
        @DefaultValue PasswordCache passwordCache) {

    /**
     * A person who logs in.
     *
     * @param name the login name
     * @param password Spring Security's encoded form, such as {@code {bcrypt}$2a$10$...}
     * @param roles reader, writer and/or admin
     * @param home when set (ending in {@code /}), the user sees and writes only keys under it
     */
    public record User(
            String name,
            String password,
            List<Role> roles,
            @Nullable String home) {}

    /**
     * An API token, sent as {@code Authorization: Bearer <token>}.
     *
     * @param name names the token in logs and share links it creates
     * @param sha256 the lowercase hex SHA-256 of the token ({@code printf %s "$TOKEN" | sha256sum}); an entry
     *     with an empty one is skipped
     * @param roles reader, writer and/or admin
     * @param prefix when set (ending in {@code /}), the token reaches only keys under it
     */
    public record Token(
            String name,
            String sha256,
            List<Role> roles,
            @Nullable String prefix) {}

    /**
     * Failed logins (HTTP Basic, bearer tokens, the login form), counted per client address, per (address, user)
     * pair and per user: after {@code maxFailures} failures within {@code window}, an address or a pair is answered
     * 429 until the window ends (a valid bearer token never is), and each password check of a user over the limit
     * waits {@code userSlowdown} first, from any address.
     *
     * @param maxFailures failures allowed in one window
     * @param window the length of a window, counted from its first failure
     * @param maxTracked keys tracked at once; memory stays bounded by it, and a full table forgets its oldest windows
     * @param userSlowdown the wait before each password check of a user with too many failures; 0 turns it off
     */
    public record Throttle(
            @DefaultValue("10") int maxFailures,
            @DefaultValue("5m") Duration window,
            @DefaultValue("10000") int maxTracked,
            @DefaultValue("1s") Duration userSlowdown) {}

    /**
     * Successful password checks remembered, so that a script sending HTTP Basic on every request does not pay
     * BCrypt each time. Keyed by an in-memory HMAC of user, password and the configured hash; failures are never
     * remembered.
     *
     * @param ttl how long a check is remembered; 0 turns the cache off
     * @param maxEntries (user, password) pairs remembered at most
     */
    public record PasswordCache(
            @DefaultValue("60s") Duration ttl,
            @DefaultValue("1000") int maxEntries) {}
}
