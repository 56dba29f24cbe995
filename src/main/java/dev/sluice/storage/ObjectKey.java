package dev.sluice.storage;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The address of an object, such as {@code photos/2026/beach.jpg}: valid by construction.
 *
 * <p>A key is NFC-normalized UTF-8 of 1 to {@value #MAX_BYTES} bytes, made of {@code /}-separated segments of 1 to
 * {@value #MAX_SEGMENT_BYTES} bytes each; no segment is {@code .} or {@code ..}, there is no backslash or control
 * character, and the first segment is not the reserved {@value #RESERVED_SEGMENT}. Keys order by UTF-8 bytes
 * (code point order), which differs from {@link String#compareTo} for characters outside the BMP.
 *
 * <p>Keys from users ({@link #of}, {@link #validatePrefix}) can never name anything under {@value #RESERVED_SEGMENT}.
 * Sluice's own records (share links, the server secret) are stored through the same {@link ObjectStore} under
 * reserved keys made by {@link #reserved}; listings never show them (both backends skip the reserved folder).
 *
 * @param value the key in NFC form
 */
public record ObjectKey(String value) implements Comparable<ObjectKey> {

    public static final int MAX_BYTES = 1024;
    public static final int MAX_SEGMENT_BYTES = 255;
    /** The first segment kept for Sluice's own data (temp files, share records). */
    public static final String RESERVED_SEGMENT = ".sluice";

    /** Orders strings by their UTF-8 bytes, which for valid strings is code point order. */
    public static final Comparator<String> UTF8_ORDER = ObjectKey::compareCodePoints;

    /**
     * Validates every rule but the reserved first segment, so that {@link #reserved} keys can exist; keys that come
     * from users are made by {@link #of}, which refuses that segment too.
     */
    public ObjectKey {
        String problem = checkKey(value, false, true);
        if (problem != null) {
            throw new InvalidKeyException(problem);
        }
    }

    /** Normalizes {@code decoded} (a key from a user) to NFC, then validates it, reserved segment included. */
    public static ObjectKey of(String decoded) {
        String value = Normalizer.normalize(decoded, Normalizer.Form.NFC);
        String problem = checkKey(value, false, false);
        if (problem != null) {
            throw new InvalidKeyException(problem);
        }
        return new ObjectKey(value);
    }

    /**
     * A key under the reserved {@value #RESERVED_SEGMENT} folder, for Sluice's own records:
     * {@code reserved("shares/x")} is {@code .sluice/shares/x}. Never built from anything a user sent as a key.
     */
    public static ObjectKey reserved(String rest) {
        return new ObjectKey(RESERVED_SEGMENT + "/" + rest);
    }

    /** Whether this key lies under the reserved {@value #RESERVED_SEGMENT} folder. */
    public boolean isReserved() {
        return value.startsWith(RESERVED_SEGMENT + "/") || value.equals(RESERVED_SEGMENT);
    }

    /**
     * Validates a listing prefix: empty, or like a key but it may end in {@code /}, and its last segment may be
     * partial. Returns the NFC form.
     */
    public static String validatePrefix(String decoded) {
        String prefix = Normalizer.normalize(decoded, Normalizer.Form.NFC);
        if (prefix.isEmpty()) {
            return prefix;
        }
        String problem = checkKey(prefix, true, false);
        if (problem != null) {
            throw new InvalidKeyException("prefix: " + problem);
        }
        return prefix;
    }

    /** The segments between the slashes. */
    public List<String> segments() {
        return Arrays.asList(value.split("/", -1));
    }

    /** The last segment, the object's file name. */
    public String name() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    /** The folder this key is in, ending in {@code /}, or empty at the top level. */
    public String folder() {
        return value.substring(0, value.lastIndexOf('/') + 1);
    }

    @Override
    public int compareTo(ObjectKey other) {
        return compareCodePoints(value, other.value);
    }

    @Override
    public String toString() {
        return value;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * Why {@code candidate} is not a valid key, the reserved folder allowed, or null when it is one: for names found
     * in storage, which must not fail as a whole for one bad name.
     */
    public static @Nullable String problemWith(String candidate) {
        return checkKey(candidate, false, true);
    }

    /** Returns why {@code candidate} is not a valid key (or prefix), or null when it is valid. */
    private static @Nullable String checkKey(String candidate, boolean prefix, boolean allowReserved) {
        if (candidate.isEmpty()) {
            return "the key is empty";
        }
        if (!Normalizer.isNormalized(candidate, Normalizer.Form.NFC)) {
            return "the key is not in Unicode NFC form";
        }
        int bytes = candidate.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return "the key is longer than " + MAX_BYTES + " bytes of UTF-8";
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return "the key contains a control character";
            }
            if (c == '\\') {
                return "the key contains a backslash";
            }
            if (Character.isSurrogate(c) && !validSurrogatePair(candidate, i)) {
                return "the key contains an unpaired surrogate";
            }
        }
        if (candidate.startsWith("/")) {
            return "the key starts with '/'";
        }
        String body = candidate;
        if (candidate.endsWith("/")) {
            if (!prefix) {
                return "the key ends with '/'";
            }
            body = candidate.substring(0, candidate.length() - 1);
        }
        String[] segments = body.split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                return "the key has an empty segment ('//')";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "the key has a '" + segment + "' segment";
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                return "a segment is longer than " + MAX_SEGMENT_BYTES + " bytes of UTF-8";
            }
        }
        boolean firstIsComplete = segments.length > 1 || !prefix || candidate.endsWith("/");
        if (!allowReserved && segments[0].equals(RESERVED_SEGMENT) && firstIsComplete) {
            return "the first segment '" + RESERVED_SEGMENT + "' is reserved";
        }
        return null;
    }

    private static boolean validSurrogatePair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
