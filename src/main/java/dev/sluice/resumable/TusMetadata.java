package dev.sluice.resumable;

import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Upload-Metadata} header (tus 1.0.0 creation): comma-separated pairs of a key (ASCII, no spaces or
 * commas, unique) and an optional base64 value, here decoded as UTF-8. A header that does not follow the rule is
 * 400 {@code invalid-header}.
 */
final class TusMetadata {

    private static final int MAX_HEADER = 8 * 1024;

    private TusMetadata() {}

    /** The decoded pairs in header order; a key without a value maps to the empty string. */
    static Map<String, String> parse(@Nullable String header) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (header == null || header.isBlank()) {
            return pairs;
        }
        if (header.length() > MAX_HEADER) {
            throw invalid("Upload-Metadata is longer than " + MAX_HEADER + " characters");
        }
        for (String element : header.split(",", -1)) {
            String pair = element.trim();
            if (pair.isEmpty()) {
                throw invalid("Upload-Metadata has an empty pair");
            }
            String[] fields = pair.split(" ", -1);
            if (fields.length > 2 || !fields[0].chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw invalid("Upload-Metadata pair '" + abbreviate(pair) + "' is not a key and a base64 value");
            }
            String value = fields.length == 2 ? decode(fields[0], fields[1]) : "";
            if (pairs.put(fields[0], value) != null) {
                throw invalid("Upload-Metadata has the key '" + fields[0] + "' twice");
            }
        }
        return pairs;
    }

    private static String decode(String key, String base64) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw invalid("Upload-Metadata value of '" + key + "' is not base64 of UTF-8 text");
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static ApiException invalid(String detail) {
        return new ApiException(ProblemCode.INVALID_HEADER, detail);
    }
}
