package dev.sluice.security;

import dev.sluice.storage.InvalidKeyException;
import dev.sluice.storage.ObjectKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The configured users and tokens, checked once at start-up (fail fast on a bad entry). With no users configured,
 * one {@code admin} gets a random password, logged once, as Spring Boot does for its default user.
 */
final class Accounts {

    static final String GENERATED_ADMIN = "admin";
    private static final Logger log = LoggerFactory.getLogger(Accounts.class);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ENCODED = Pattern.compile("\\{[A-Za-z0-9_-]+}.+");

    private final Map<String, Caller> users = new LinkedHashMap<>();
    private final Map<String, String> storedPasswords = new LinkedHashMap<>();
    private final Map<String, Caller> tokensByHash = new LinkedHashMap<>();
    private final Map<String, Caller> tokensByName = new LinkedHashMap<>();
    private final Map<byte[], Caller> tokenHashes = new java.util.IdentityHashMap<>();
    private final ReactiveUserDetailsService passwords;
    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    Accounts(SecurityProperties properties, boolean announceGenerated) {
        List<SecurityProperties.User> configured = properties.users();
        List<UserDetails> details = new java.util.ArrayList<>();
        if (configured.isEmpty()) {
            String password = randomPassword();
            details.add(User.withUsername(GENERATED_ADMIN)
                    .password(encoder.encode(password))
                    .roles("ADMIN")
                    .build());
            users.put(GENERATED_ADMIN, Caller.of(GENERATED_ADMIN, List.of(Role.ADMIN), null));
            if (announceGenerated) {
                log.warn(
                        "\n\nUsing generated password for user '{}': {}\n\nThis password is for development use "
                                + "only. Configure sluice.security.users before production.\n",
                        GENERATED_ADMIN,
                        password);
            }
        }
        for (SecurityProperties.User user : configured) {
            String where = "sluice.security.users '" + user.name() + "'";
            require(user.name() != null && !user.name().isBlank(), "sluice.security.users: an entry has no name");
            require(!users.containsKey(user.name()), where + " is configured twice");
            require(
                    user.password() != null && ENCODED.matcher(user.password()).matches(),
                    where + ": password must be in Spring Security's encoded form, such as {bcrypt}$2a$10$...");
            require(user.roles() != null && !user.roles().isEmpty(), where + ": no roles");
            users.put(user.name(), Caller.of(user.name(), user.roles(), home(user.home(), where)));
            details.add(User.withUsername(user.name())
                    .password(user.password())
                    .authorities(user.roles().stream().map(Role::authority).toArray(String[]::new))
                    .build());
        }
        for (SecurityProperties.Token token : properties.tokens()) {
            String where = "sluice.security.tokens '" + token.name() + "'";
            if (token.sha256() == null || token.sha256().isEmpty()) {
                // Lets a deployment template name a token whose hash is filled in only where it is used (the
                // compose file's Prometheus token); a missing hash grants nothing.
                log.info("{} has no sha256: skipped", where);
                continue;
            }
            require(token.name() != null && !token.name().isBlank(), "sluice.security.tokens: an entry has no name");
            require(
                    token.sha256() != null && SHA256_HEX.matcher(token.sha256()).matches(),
                    where + ": sha256 must be 64 lowercase hex digits (printf %s \"$TOKEN\" | sha256sum)");
            require(token.roles() != null && !token.roles().isEmpty(), where + ": no roles");
            require(!tokensByHash.containsKey(token.sha256()), where + ": the same token is configured twice");
            tokensByHash.put(token.sha256(), Caller.of(token.name(), token.roles(), home(token.prefix(), where)));
        }
        tokensByHash.forEach((hex, caller) -> tokenHashes.put(HexFormat.of().parseHex(hex), caller));
        tokensByHash.values().forEach(caller -> tokensByName.putIfAbsent(caller.name(), caller));
        passwords = new MapReactiveUserDetailsService(details);
        details.forEach(detail -> storedPasswords.put(detail.getUsername(), detail.getPassword()));
    }

    /** The user's configured password in its encoded form, or null when there is no such user. */
    @Nullable
    String storedPassword(String name) {
        return storedPasswords.get(name);
    }

    /** The highest BCrypt cost among the configured passwords (10, Spring's default, if none is BCrypt). */
    int highestBcryptCost() {
        return storedPasswords.values().stream()
                .mapToInt(encoded -> PasswordChecks.costOf(encoded, 10))
                .max()
                .orElse(10);
    }

    /** Looks users up for Spring's password check (BCrypt, run off the event loop by Spring). */
    ReactiveUserDetailsService passwords() {
        return passwords;
    }

    PasswordEncoder encoder() {
        return encoder;
    }

    /** The caller a user name stands for, or null when no such user is configured (any more). */
    @Nullable
    Caller user(String name) {
        return users.get(name);
    }

    /** The user, else the token, called {@code name} now; null when neither is configured. */
    @Nullable
    Caller current(String name) {
        Caller user = users.get(name);
        return user != null ? user : tokensByName.get(name);
    }

    /**
     * The caller a bearer token stands for, or null. Only the token's SHA-256 is compared, with every configured
     * hash and in constant time ({@link MessageDigest#isEqual}), so neither the answer's timing nor a leak of the
     * configuration reveals a token. One SHA-256 per request: cheap enough for load tests.
     */
    @Nullable
    Caller token(String token) {
        byte[] hash = sha256(token);
        Caller found = null;
        for (Map.Entry<byte[], Caller> entry : tokenHashes.entrySet()) {
            if (MessageDigest.isEqual(entry.getKey(), hash)) {
                found = entry.getValue();
            }
        }
        return found;
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static @Nullable String home(@Nullable String home, String where) {
        if (home == null || home.isEmpty()) {
            return null;
        }
        try {
            String valid = ObjectKey.validatePrefix(home);
            require(valid.endsWith("/"), where + ": home/prefix must end with '/'");
            return valid;
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(where + ": invalid home/prefix: " + e.getMessage(), e);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
