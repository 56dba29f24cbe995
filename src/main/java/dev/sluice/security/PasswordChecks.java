package dev.sluice.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Checks a user's password, without telling by its timing whether the user exists, and without paying BCrypt on
 * every request of a script that sends HTTP Basic.
 *
 * <ul>
 * <li>An unknown name costs one BCrypt comparison against a dummy hash of the configured cost, as a known one does
 * (Spring's manager skips BCrypt when the user is missing).</li>
 * <li>A successful check is remembered for {@code ttl} (at most {@code maxEntries}, Caffeine evicts beyond): the key
 * is an HMAC, under a key that lives only in this process's memory, of the name, the password and the user's
 * configured hash, so the cache holds no password, and a change of the user's configuration (a new hash) can never
 * hit an old entry. The caller is looked up again on every hit, so roles and home are always current. Failures are
 * never cached: every wrong password costs BCrypt and goes through the throttle.</li>
 * </ul>
 * BCrypt runs on {@code Schedulers.boundedElastic()}, never on the event loop.
 */
final class PasswordChecks {

    private static final Pattern BCRYPT_COST = Pattern.compile("\\{bcrypt}\\$2[aby]?\\$(\\d{2})\\$.*");

    private final Accounts accounts;
    private final ReactiveAuthenticationManager manager;
    private final String dummyHash;
    private final byte[] cacheKey = new byte[32];
    private final @Nullable Cache<String, String> remembered;

    PasswordChecks(Accounts accounts, Duration ttl, int maxEntries) {
        this.accounts = accounts;
        UserDetailsRepositoryReactiveAuthenticationManager spring =
                new UserDetailsRepositoryReactiveAuthenticationManager(accounts.passwords());
        spring.setPasswordEncoder(accounts.encoder());
        this.manager = spring;
        SecureRandom random = new SecureRandom();
        random.nextBytes(cacheKey);
        byte[] throwaway = new byte[18];
        random.nextBytes(throwaway);
        this.dummyHash = "{bcrypt}"
                + new BCryptPasswordEncoder(accounts.highestBcryptCost())
                        .encode(HexFormat.of().formatHex(throwaway));
        this.remembered = ttl.isZero() || maxEntries <= 0
                ? null
                : Caffeine.newBuilder()
                        .expireAfterWrite(ttl)
                        .maximumSize(maxEntries)
                        .build();
    }

    /** The user with this name and password, or empty. Lazy; BCrypt (when needed) off the event loop. */
    Mono<Caller> check(String name, String password) {
        return Mono.defer(() -> {
            String stored = accounts.storedPassword(name);
            if (stored == null) {
                return Mono.fromCallable(() -> accounts.encoder().matches(password, dummyHash))
                        .subscribeOn(Schedulers.boundedElastic())
                        .then(Mono.empty());
            }
            @Nullable Cache<String, String> cache = remembered;
            @Nullable String key = cache == null ? null : key(name, password, stored);
            if (cache != null && key != null && cache.getIfPresent(key) != null) {
                return Mono.justOrEmpty(accounts.user(name));
            }
            return manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(name, password))
                    .onErrorResume(AuthenticationException.class, e -> Mono.empty())
                    .mapNotNull(done -> accounts.user(done.getName()))
                    .doOnNext(caller -> {
                        if (cache != null && key != null) {
                            cache.put(key, name);
                        }
                    });
        });
    }

    private String key(String name, String password, String stored) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            for (String part : new String[] {name, password, stored}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                mac.update((byte) (bytes.length >>> 24));
                mac.update((byte) (bytes.length >>> 16));
                mac.update((byte) (bytes.length >>> 8));
                mac.update((byte) bytes.length);
                mac.update(bytes);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    static int costOf(String encoded, int fallback) {
        Matcher matcher = BCRYPT_COST.matcher(encoded);
        return matcher.matches() ? Integer.parseInt(matcher.group(1)) : fallback;
    }
}
