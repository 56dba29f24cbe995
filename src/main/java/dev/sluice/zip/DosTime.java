package dev.sluice.zip;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * MS-DOS date and time (APPNOTE 4.4.6): local time without a zone, two-second steps, years 1980 to 2107. A server
 * has no user's zone to pick, so it writes UTC; readers that know the extended timestamp field use that instead.
 */
final class DosTime {

    private static final LocalDateTime MIN = LocalDateTime.of(1980, 1, 1, 0, 0, 0);
    private static final LocalDateTime MAX = LocalDateTime.of(2107, 12, 31, 23, 59, 58);

    private DosTime() {}

    /** The DOS date in the high 16 bits and the DOS time in the low 16 bits. */
    static int of(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        if (t.isBefore(MIN)) {
            t = MIN;
        } else if (t.isAfter(MAX)) {
            t = MAX;
        }
        int date = (t.getYear() - 1980) << 9 | t.getMonthValue() << 5 | t.getDayOfMonth();
        int time = t.getHour() << 11 | t.getMinute() << 5 | t.getSecond() >> 1;
        return date << 16 | time;
    }
}
