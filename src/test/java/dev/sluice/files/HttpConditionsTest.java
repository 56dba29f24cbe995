package dev.sluice.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.files.HttpConditions.ReadOutcome;
import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** RFC 9110 §13.2.2: the order in which conditions are evaluated, for reads, writes and If-Range. No server. */
class HttpConditionsTest {

    private static final String SHA = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
    private static final String ETAG = "\"" + SHA + "\"";
    private static final Instant STORED = Instant.parse("2026-11-24T10:00:00Z");
    private static final String AT_STORED = "Tue, 24 Nov 2026 10:00:00 GMT";
    private static final String BEFORE_STORED = "Tue, 24 Nov 2026 09:59:59 GMT";
    private static final ObjectInfo CURRENT = new ObjectInfo(ObjectKey.of("a.txt"), 3, "text/plain", SHA, STORED);

    private static HttpConditions conditions(String... namesAndValues) {
        HttpHeaders headers = new HttpHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return HttpConditions.of(headers);
    }

    @Test
    void noConditionProceedsAndAllowsAnyWrite() {
        HttpConditions none = conditions();
        assertThat(none.any()).isFalse();
        assertThat(none.forRead(CURRENT)).isEqualTo(ReadOutcome.PROCEED);
        assertThat(none.forWrite().test(CURRENT)).isTrue();
        assertThat(none.forWrite().test(null)).isTrue();
        assertThat(none.rangeAllowed(CURRENT)).isTrue();
    }

    @Test
    void ifMatchComparesStronglyAndFailsOnAMissingObject() {
        assertThat(conditions("If-Match", ETAG).forRead(CURRENT)).isEqualTo(ReadOutcome.PROCEED);
        assertThat(conditions("If-Match", "\"other\"").forRead(CURRENT)).isEqualTo(ReadOutcome.PRECONDITION_FAILED);
        assertThat(conditions("If-Match", "W/" + ETAG).forRead(CURRENT))
                .as("a weak tag never matches strongly")
                .isEqualTo(ReadOutcome.PRECONDITION_FAILED);
        assertThat(conditions("If-Match", "\"x\", " + ETAG).forWrite().test(CURRENT))
                .isTrue();
        assertThat(conditions("If-Match", "*").forWrite().test(CURRENT)).isTrue();
        assertThat(conditions("If-Match", "*").forWrite().test(null)).isFalse();
    }

    @Test
    void ifNoneMatchComparesWeaklyGiving304OnReadsAnd412OnWrites() {
        assertThat(conditions("If-None-Match", "W/" + ETAG).forRead(CURRENT)).isEqualTo(ReadOutcome.NOT_MODIFIED);
        assertThat(conditions("If-None-Match", "\"other\"").forRead(CURRENT)).isEqualTo(ReadOutcome.PROCEED);
        HttpConditions createOnly = conditions("If-None-Match", "*");
        assertThat(createOnly.any()).isTrue();
        assertThat(createOnly.forWrite().test(null)).isTrue();
        assertThat(createOnly.forWrite().test(CURRENT)).isFalse();
    }

    @Test
    void datesCountOnlyWithoutTheirEntityTagCounterpart() {
        assertThat(conditions("If-Unmodified-Since", BEFORE_STORED).forRead(CURRENT))
                .isEqualTo(ReadOutcome.PRECONDITION_FAILED);
        assertThat(conditions("If-Match", ETAG, "If-Unmodified-Since", BEFORE_STORED)
                        .forRead(CURRENT))
                .as("If-Match present: If-Unmodified-Since is ignored")
                .isEqualTo(ReadOutcome.PROCEED);
        assertThat(conditions("If-Modified-Since", AT_STORED).forRead(CURRENT)).isEqualTo(ReadOutcome.NOT_MODIFIED);
        assertThat(conditions("If-Modified-Since", BEFORE_STORED).forRead(CURRENT))
                .isEqualTo(ReadOutcome.PROCEED);
        assertThat(conditions("If-None-Match", "\"other\"", "If-Modified-Since", AT_STORED)
                        .forRead(CURRENT))
                .as("If-None-Match present: If-Modified-Since is ignored")
                .isEqualTo(ReadOutcome.PROCEED);
        assertThat(conditions("If-Unmodified-Since", BEFORE_STORED).forWrite().test(CURRENT))
                .isFalse();
        assertThat(conditions("If-Unmodified-Since", AT_STORED).forWrite().test(CURRENT))
                .isTrue();
    }

    @Test
    void preconditionFailureWinsOverNotModified() {
        assertThat(conditions("If-Match", "\"other\"", "If-None-Match", ETAG).forRead(CURRENT))
                .isEqualTo(ReadOutcome.PRECONDITION_FAILED);
    }

    @Test
    void anInvalidDateIsIgnored() {
        HttpConditions invalid = conditions("If-Unmodified-Since", "yesterday", "If-Modified-Since", "soon");
        assertThat(invalid.any()).isFalse();
        assertThat(invalid.forRead(CURRENT)).isEqualTo(ReadOutcome.PROCEED);
    }

    @Test
    void ifRangeNeedsAStrongMatchOrTheExactDate() {
        assertThat(conditions("If-Range", ETAG).rangeAllowed(CURRENT)).isTrue();
        assertThat(conditions("If-Range", "W/" + ETAG).rangeAllowed(CURRENT)).isFalse();
        assertThat(conditions("If-Range", "\"other\"").rangeAllowed(CURRENT)).isFalse();
        assertThat(conditions("If-Range", AT_STORED).rangeAllowed(CURRENT)).isTrue();
        assertThat(conditions("If-Range", BEFORE_STORED).rangeAllowed(CURRENT)).isFalse();
        assertThat(conditions("If-Range", "not a date").rangeAllowed(CURRENT)).isFalse();
    }

    @Test
    void anObjectWithoutDigestMatchesNoEntityTag() {
        ObjectInfo listed = new ObjectInfo(ObjectKey.of("a.txt"), 3, null, null, STORED);
        assertThat(conditions("If-Match", ETAG).forRead(listed)).isEqualTo(ReadOutcome.PRECONDITION_FAILED);
        assertThat(conditions("If-Match", "*").forRead(listed)).isEqualTo(ReadOutcome.PRECONDITION_FAILED);
    }
}
