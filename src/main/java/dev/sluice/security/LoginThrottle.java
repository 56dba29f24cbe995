package dev.sluice.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per key (a client address, an address and user name pair, a user name) in fixed windows:
 * after {@code maxFailures} failures within one window (which starts at its first failure), the key is over its
 * limit until the window ends. What being over means is the caller's policy ({@link Logins}).
 *
 * <p>Hand-written rather than a cache library: it needs only a bounded map and a time comparison, and it must never
 * park an event-loop thread (a lock-based cache may, under contention). Memory is bounded by {@code maxTracked}
 * entries: when the map is full, expired windows are dropped, and if it is still full (an attacker spraying names or
 * addresses), the entry whose window ends first is evicted. A full table therefore forgets the oldest failures; it
 * never refuses everyone.
 */
final class LoginThrottle {

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

    /** How long until the first of {@code keys} that is over its limit may try again, or empty when none is. */
    Optional<Duration> refusal(String... keys) {
        Instant now = clock.instant();
        Duration longest = null;
        for (String key : keys) {
            Window w = windows.get(key);
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
            makeRoom(key, now);
            windows.compute(
                    key,
                    (k, w) -> w == null || !now.isBefore(w.end)
                            ? new Window(now.plus(window), 1)
                            : new Window(w.end, w.failures + 1));
        }
    }

    /** Entries held now; for tests of the bound. */
    int tracked() {
        return windows.size();
    }

    private void makeRoom(String key, Instant now) {
        if (windows.containsKey(key) || windows.size() < maxTracked) {
            return;
        }
        windows.entrySet().removeIf(entry -> !now.isBefore(entry.getValue().end));
        while (windows.size() >= maxTracked) {
            // One pass to find the oldest: O(maxTracked) per new key while the table is full, which only an attacker
            // spraying keys causes, and each of their attempts costs them a request (a password one also a BCrypt).
            Map.Entry<String, Window> oldest = null;
            for (Map.Entry<String, Window> entry : windows.entrySet()) {
                if (oldest == null || entry.getValue().end.isBefore(oldest.getValue().end)) {
                    oldest = entry;
                }
            }
            if (oldest == null || !windows.remove(oldest.getKey(), oldest.getValue())) {
                return; // raced with another eviction; the bound holds within a few entries
            }
        }
    }

    private record Window(Instant end, int failures) {}
}
