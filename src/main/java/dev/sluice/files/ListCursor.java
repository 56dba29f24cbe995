package dev.sluice.files;

import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The opaque listing cursor: the last key or prefix of the previous page, bound to the prefix and delimiter it was
 * made for. Not signed: it grants nothing (any client may list from any point); binding it only catches a cursor
 * used with the wrong query.
 */
final class ListCursor {

    private static final String VERSION = "1";
    private static final char SEPARATOR = '\u0000';

    private ListCursor() {}

    static String encode(String prefix, boolean delimited, String last) {
        String plain = VERSION + SEPARATOR + (delimited ? "/" : "") + SEPARATOR + prefix + SEPARATOR + last;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The key or prefix to resume after, or null without a cursor.
     *
     * @throws ApiException 400 for a malformed cursor or one made for another prefix or delimiter
     */
    static @Nullable String decode(@Nullable String cursor, String prefix, boolean delimited) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("the cursor is malformed");
        }
        String[] parts = plain.split(String.valueOf(SEPARATOR), -1);
        if (parts.length != 4 || !parts[0].equals(VERSION) || parts[3].isEmpty()) {
            throw invalid("the cursor is malformed");
        }
        if (!parts[1].equals(delimited ? "/" : "") || !parts[2].equals(prefix)) {
            throw invalid("the cursor belongs to another prefix or delimiter");
        }
        return parts[3];
    }

    private static ApiException invalid(String detail) {
        return new ApiException(ProblemCode.INVALID_REQUEST, detail);
    }
}
