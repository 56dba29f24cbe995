package dev.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock();

    @Test
    void aKeyIsRefusedAfterMaxFailuresUntilItsWindowEnds() {
        LoginThrottle throttle =
                new LoginThrottle(new SecurityProperties.Throttle(2, Duration.ofMinutes(1), 100, Duration.ZERO), clock);
        throttle.failed("a");
        assertThat(throttle.refusal("a")).isEmpty();
        throttle.failed("a");
        assertThat(throttle.refusal("a")).contains(Duration.ofMinutes(1));
        assertThat(throttle.refusal("b")).isEmpty();
        clock.now = clock.now.plusSeconds(59);
        assertThat(throttle.refusal("b", "a")).contains(Duration.ofSeconds(1));
        clock.now = clock.now.plusSeconds(1);
        assertThat(throttle.refusal("a")).isEmpty();
    }

    @Test
    void aFullTableEvictsTheOldestWindowsAndNeverRefusesNewKeys() {
        LoginThrottle throttle =
                new LoginThrottle(new SecurityProperties.Throttle(2, Duration.ofMinutes(1), 10, Duration.ZERO), clock);
        throttle.failed("attacked");
        throttle.failed("attacked");
        for (int i = 0; i < 1000; i++) {
            clock.now = clock.now.plusMillis(1);
            throttle.failed("spray-" + i);
        }
        assertThat(throttle.tracked()).isLessThanOrEqualTo(10);
        // No shared overflow window: a key never seen, or seen once, is not refused however full the table is
        assertThat(throttle.refusal("newcomer")).isEmpty();
        assertThat(throttle.refusal("spray-999")).isEmpty();
        // The newest keys are the ones kept: two more failures of one of them refuse it
        throttle.failed("spray-999");
        assertThat(throttle.refusal("spray-999")).isPresent();
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
