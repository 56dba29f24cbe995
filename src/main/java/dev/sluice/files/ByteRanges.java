package dev.sluice.files;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Parses a {@code Range} header (RFC 9110 §14.1.2) against a representation's length. Hand-written rather than
 * Spring's {@code HttpRange}: that one throws for more than 100 ranges and for reversed ranges alike, while the API
 * needs to tell malformed (ignored, 200) from too many or unsatisfiable (416), and to coalesce overlaps.
 */
final class ByteRanges {

    /** More ranges than this in one request get 416: a cap against many-small-ranges denial of service. */
    static final int MAX_RANGES = 16;

    private ByteRanges() {}

    /** A satisfiable range, inclusive of both ends. */
    record Range(long first, long last) {
        long length() {
            return last - first + 1;
        }

        String contentRange(long size) {
            return "bytes " + first + "-" + last + "/" + size;
        }
    }

    /** What a Range header asks for. */
    sealed interface Outcome permits Ignore, Unsatisfiable, Satisfiable {}

    /** Malformed, another unit, or an empty representation: send the whole representation. */
    record Ignore() implements Outcome {}

    /** Too many ranges, or none overlaps the representation: 416. */
    record Unsatisfiable() implements Outcome {}

    /** One or more ranges, sorted and coalesced. */
    record Satisfiable(List<Range> ranges) implements Outcome {}

    static Outcome parse(@Nullable String header, long size) {
        if (header == null) {
            return new Ignore();
        }
        int equals = header.indexOf('=');
        if (equals < 0
                || !header.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("bytes")) {
            return new Ignore();
        }
        String[] specs = header.substring(equals + 1).split(",", -1);
        List<long[]> parsed = new ArrayList<>();
        for (String spec : specs) {
            String trimmed = spec.trim();
            if (trimmed.isEmpty()) {
                continue; // RFC 9110's list syntax allows empty elements
            }
            long[] range = parseSpec(trimmed);
            if (range == null) {
                return new Ignore();
            }
            parsed.add(range);
        }
        if (parsed.isEmpty()) {
            return new Ignore();
        }
        if (parsed.size() > MAX_RANGES) {
            return new Unsatisfiable();
        }
        if (size == 0) {
            return new Ignore();
        }
        List<Range> satisfiable = new ArrayList<>();
        for (long[] spec : parsed) {
            Range range = resolve(spec, size);
            if (range != null) {
                satisfiable.add(range);
            }
        }
        if (satisfiable.isEmpty()) {
            return new Unsatisfiable();
        }
        return new Satisfiable(coalesce(satisfiable));
    }

    /** {first, last} with -1 for an absent last; or {-1, suffixLength}; null when malformed. */
    private static long @Nullable [] parseSpec(String spec) {
        int dash = spec.indexOf('-');
        if (dash < 0 || spec.indexOf('-', dash + 1) >= 0) {
            return null;
        }
        String first = spec.substring(0, dash).trim();
        String last = spec.substring(dash + 1).trim();
        if (first.isEmpty()) {
            Long suffix = digits(last);
            return suffix == null ? null : new long[] {-1, suffix};
        }
        Long from = digits(first);
        if (from == null) {
            return null;
        }
        if (last.isEmpty()) {
            return new long[] {from, -1};
        }
        Long to = digits(last);
        if (to == null || to < from || new java.math.BigInteger(last).compareTo(new java.math.BigInteger(first)) < 0) {
            return null; // RFC 9110 §14.1.1: last < first makes the range set invalid
        }
        return new long[] {from, to};
    }

    /**
     * A non-negative decimal. Numbers past {@code Long.MAX_VALUE / 2} saturate there, so that they still clamp to
     * the end; two such numbers in one range compare as equal, and no representation is that large.
     */
    private static @Nullable Long digits(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        java.math.BigInteger value = new java.math.BigInteger(text);
        return value.bitLength() > 61 ? Long.MAX_VALUE / 2 : value.longValueExact();
    }

    private static @Nullable Range resolve(long[] spec, long size) {
        if (spec[0] < 0) {
            long suffix = spec[1];
            return suffix == 0 ? null : new Range(Math.max(0, size - suffix), size - 1);
        }
        if (spec[0] >= size) {
            return null;
        }
        long last = spec[1] < 0 ? size - 1 : Math.min(spec[1], size - 1);
        return new Range(spec[0], last);
    }

    private static List<Range> coalesce(List<Range> ranges) {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(Range::first));
        List<Range> merged = new ArrayList<>();
        Range current = sorted.get(0);
        for (Range next : sorted.subList(1, sorted.size())) {
            if (next.first() <= current.last() + 1) {
                current = new Range(current.first(), Math.max(current.last(), next.last()));
            } else {
                merged.add(current);
                current = next;
            }
        }
        merged.add(current);
        return merged;
    }
}
