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
        LoginThrottle throttle = new LoginThrottle(new SecurityProperties.Throttle(2, Duration.ofMinutes(1), 100),
                clock);
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
    void memoryStaysBoundedAndKeysBeyondTheBoundShareOneWindow() {
        LoginThrottle throttle = new LoginThrottle(new SecurityProperties.Throttle(2, Duration.ofMinutes(1), 10),
                clock);
        for (int i = 0; i < 1000; i++) {
            throttle.failed("spray-" + i);
        }
        assertThat(throttle.tracked()).isLessThanOrEqualTo(11);
        // The overflow window took the failures of the keys beyond the bound: they are throttled together
        assertThat(throttle.refusal("spray-999")).isPresent();
        assertThat(throttle.refusal("spray-0")).isEmpty(); // one failure of its own, tracked apart

        clock.now = clock.now.plus(Duration.ofMinutes(1));
        throttle.failed("fresh");
        assertThat(throttle.tracked()).isLessThanOrEqualTo(11);
        assertThat(throttle.refusal("fresh")).isEmpty();
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
