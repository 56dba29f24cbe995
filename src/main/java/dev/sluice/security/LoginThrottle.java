package dev.sluice.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per key (a client address, a user name) in fixed windows: after {@code maxFailures} failures
 * within one window (which starts at its first failure), the key is refused until the window ends.
 *
 * <p>Hand-written rather than a cache library: it needs only a bounded map and a time comparison, and it must never
 * park an event-loop thread (a lock-based cache may, under contention). Memory is bounded by {@code maxTracked}
 * entries: when the map is full, expired windows are dropped; if it is still full (an attacker spraying names or
 * addresses), new keys share one overflow window, so throttling degrades to global rather than being bypassed.
 */
final class LoginThrottle {

    static final String OVERFLOW = "\u0000overflow";

    private final int maxFailures;
    private final Duration window;
    private final int maxTracked;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    LoginThrottle(SecurityProperties.Throttle settings, Clock clock) {
        this.maxFailures = Math.max(1, settings.maxFailures());
        this.window = settings.window();
        this.maxTracked = Math.max(1, settings.maxTracked());
        this.clock = clock;
    }

    /** How long until the first of {@code keys} that is refused may try again, or empty when none is refused. */
    Optional<Duration> refusal(String... keys) {
        Instant now = clock.instant();
        Duration longest = null;
        for (String key : keys) {
            Window w = windows.get(tracked(key));
            if (w != null && w.failures >= maxFailures && now.isBefore(w.end)) {
                Duration left = Duration.between(now, w.end);
                longest = longest == null || left.compareTo(longest) > 0 ? left : longest;
            }
        }
        return Optional.ofNullable(longest);
    }

    /** Counts one failure against each of {@code keys}. */
    void failed(String... keys) {
        Instant now = clock.instant();
        for (String key : keys) {
            windows.compute(admit(key, now), (k, w) -> w == null || !now.isBefore(w.end)
                    ? new Window(now.plus(window), 1) : new Window(w.end, w.failures + 1));
        }
    }

    /** Entries held now; for tests of the bound. */
    int tracked() {
        return windows.size();
    }

    private String tracked(String key) {
        // A key not tracked while the map is full has had its failures counted in the overflow window.
        return windows.containsKey(key) || windows.size() < maxTracked ? key : OVERFLOW;
    }

    private String admit(String key, Instant now) {
        if (windows.containsKey(key) || windows.size() < maxTracked) {
            return key;
        }
        windows.entrySet().removeIf(entry -> !now.isBefore(entry.getValue().end));
        return windows.size() < maxTracked ? key : OVERFLOW;
    }

    private record Window(Instant end, int failures) {
    }
}
