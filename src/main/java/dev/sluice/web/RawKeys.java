package dev.sluice.web;

import dev.sluice.storage.InvalidKeyException;
import dev.sluice.storage.ObjectKey;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the raw request path after a route prefix into an {@link ObjectKey}, as API.md says: percent-decoded as
 * strict UTF-8 with {@code %2F} a separator like {@code /}, and {@code ;}, {@code =}, {@code ,} and {@code +}
 * literal. Done by hand because Spring's decoders treat {@code +} or {@code ;} specially and replace invalid UTF-8
 * instead of refusing it.
 */
public final class RawKeys {

    private RawKeys() {}

    /**
     * @param rawPath the request path as received (still percent-encoded)
     * @param routePrefix the route's prefix, such as {@code /api/v1/files/}
     */
    public static ObjectKey keyAfter(String rawPath, String routePrefix) {
        if (!rawPath.startsWith(routePrefix)) {
            throw new InvalidKeyException("the key is empty");
        }
        return ObjectKey.of(decode(rawPath.substring(routePrefix.length())));
    }

    /** Percent-decodes {@code raw} as strict UTF-8. */
    static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new InvalidKeyException("the key has an incomplete percent-encoding");
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new InvalidKeyException("the key has an invalid percent-encoding");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c <= 0xFF) {
                // The server hands over raw request-line bytes as ISO-8859-1 characters.
                bytes.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidKeyException("the key is not valid UTF-8");
        }
    }
}
