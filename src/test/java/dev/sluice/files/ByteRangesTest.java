package dev.sluice.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.files.ByteRanges.Ignore;
import dev.sluice.files.ByteRanges.Outcome;
import dev.sluice.files.ByteRanges.Range;
import dev.sluice.files.ByteRanges.Satisfiable;
import dev.sluice.files.ByteRanges.Unsatisfiable;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangesTest {

    private static final long SIZE = 1000;

    @Test
    void singleRange() {
        assertThat(ByteRanges.parse("bytes=0-499", SIZE)).isEqualTo(ranges(new Range(0, 499)));
        assertThat(ByteRanges.parse("bytes=999-999", SIZE)).isEqualTo(ranges(new Range(999, 999)));
        assertThat(ByteRanges.parse("Bytes = 10-19", SIZE)).isEqualTo(ranges(new Range(10, 19)));
    }

    @Test
    void suffixRangeCountsFromTheEnd() {
        assertThat(ByteRanges.parse("bytes=-500", SIZE)).isEqualTo(ranges(new Range(500, 999)));
        assertThat(ByteRanges.parse("bytes=-1", SIZE)).isEqualTo(ranges(new Range(999, 999)));
        assertThat(ByteRanges.parse("bytes=-5000", SIZE)).isEqualTo(ranges(new Range(0, 999)));
        assertThat(ByteRanges.parse("bytes=-0", SIZE)).isInstanceOf(Unsatisfiable.class);
    }

    @Test
    void openEndedRangeRunsToTheEnd() {
        assertThat(ByteRanges.parse("bytes=900-", SIZE)).isEqualTo(ranges(new Range(900, 999)));
        assertThat(ByteRanges.parse("bytes=0-", SIZE)).isEqualTo(ranges(new Range(0, 999)));
    }

    @Test
    void lastBeyondTheEndIsClamped() {
        assertThat(ByteRanges.parse("bytes=900-5000", SIZE)).isEqualTo(ranges(new Range(900, 999)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "bytes=abc",
                "bytes=1-2-3",
                "bytes=",
                "bytes= , ",
                "bytes",
                "0-10",
                "bytes=--5",
                "bytes=5",
                "bytes=1-2,x",
                "bytes=0x10-20",
                "bytes=+1-2",
                "bytes=-",
                "bytes=1 0-20",
                "bytes=-1-"
            })
    void malformedHeaderIsIgnored(String header) {
        assertThat(ByteRanges.parse(header, SIZE)).isInstanceOf(Ignore.class);
    }

    @Test
    void absentHeaderOrUnknownUnitIsIgnored() {
        assertThat(ByteRanges.parse(null, SIZE)).isInstanceOf(Ignore.class);
        assertThat(ByteRanges.parse("items=0-5", SIZE)).isInstanceOf(Ignore.class);
        assertThat(ByteRanges.parse("bits=0-5", SIZE)).isInstanceOf(Ignore.class);
    }

    @Test
    void reversedRangeIsIgnored() {
        assertThat(ByteRanges.parse("bytes=5-1", SIZE)).isInstanceOf(Ignore.class);
        assertThat(ByteRanges.parse("bytes=0-1,5-1", SIZE)).isInstanceOf(Ignore.class);
    }

    @Test
    void moreThanSixteenRangesAreUnsatisfiable() {
        assertThat(ByteRanges.parse(header(16), SIZE)).isInstanceOf(Satisfiable.class);
        assertThat(ByteRanges.parse(header(17), SIZE)).isInstanceOf(Unsatisfiable.class);
        assertThat(ByteRanges.parse(header(1000), SIZE)).isInstanceOf(Unsatisfiable.class);
    }

    @Test
    void rangesThatAllMissTheObjectAreUnsatisfiable() {
        assertThat(ByteRanges.parse("bytes=1000-2000", SIZE)).isInstanceOf(Unsatisfiable.class);
        assertThat(ByteRanges.parse("bytes=1000-", SIZE)).isInstanceOf(Unsatisfiable.class);
        assertThat(ByteRanges.parse("bytes=1000-1000,-0", SIZE)).isInstanceOf(Unsatisfiable.class);
        assertThat(ByteRanges.parse("bytes=1000-2000,0-0", SIZE)).isEqualTo(ranges(new Range(0, 0)));
    }

    @Test
    void rangeOnAnEmptyObjectIsIgnored() {
        assertThat(ByteRanges.parse("bytes=0-0", 0)).isInstanceOf(Ignore.class);
        assertThat(ByteRanges.parse("bytes=-5", 0)).isInstanceOf(Ignore.class);
    }

    @Test
    void overlappingAndAdjacentRangesAreCoalescedAndSorted() {
        assertThat(ByteRanges.parse("bytes=500-700,0-100,50-150,601-800", SIZE))
                .isEqualTo(ranges(new Range(0, 150), new Range(500, 800)));
        assertThat(ByteRanges.parse("bytes=10-19,0-9", SIZE)).isEqualTo(ranges(new Range(0, 19)));
        assertThat(ByteRanges.parse("bytes=0-9,11-19", SIZE)).isEqualTo(ranges(new Range(0, 9), new Range(11, 19)));
        assertThat(ByteRanges.parse("bytes=0-99,10-20", SIZE)).isEqualTo(ranges(new Range(0, 99)));
        assertThat(ByteRanges.parse("bytes=-100,0-", SIZE)).isEqualTo(ranges(new Range(0, 999)));
        assertThat(ByteRanges.parse("bytes=0-1,,5-6", SIZE)).isEqualTo(ranges(new Range(0, 1), new Range(5, 6)));
    }

    @Test
    void hugeNumbersClampInsteadOfOverflowing() {
        assertThat(ByteRanges.parse("bytes=0-99999999999999999999999", SIZE)).isEqualTo(ranges(new Range(0, 999)));
        assertThat(ByteRanges.parse("bytes=-99999999999999999999999", SIZE)).isEqualTo(ranges(new Range(0, 999)));
        assertThat(ByteRanges.parse("bytes=99999999999999999999-", SIZE)).isInstanceOf(Unsatisfiable.class);
        assertThat(ByteRanges.parse("bytes=1000000000000000000-", SIZE)).isInstanceOf(Unsatisfiable.class);
        assertThat(ByteRanges.parse("bytes=10-1000000000000000000", SIZE)).isEqualTo(ranges(new Range(10, 999)));
    }

    @Test
    void rangeKnowsItsLengthAndContentRange() {
        Range range = new Range(0, 499);

        assertThat(range.length()).isEqualTo(500);
        assertThat(range.contentRange(SIZE)).isEqualTo("bytes 0-499/1000");
    }

    private static Outcome ranges(Range... ranges) {
        return new Satisfiable(List.of(ranges));
    }

    private static String header(int count) {
        return "bytes="
                + IntStream.range(0, count)
                        .mapToObj(i -> (i * 10) + "-" + (i * 10 + 1))
                        .collect(Collectors.joining(","));
    }
}
