package dev.sluice.files;

import java.nio.charset.StandardCharsets;

/**
 * {@code Content-Disposition} values with both {@code filename} (an ASCII fallback) and {@code filename*}
 * (RFC 6266, RFC 8187). Spring's {@code ContentDisposition} writes one or the other form depending on the charset,
 * while API.md asks for both, always.
 */
public final class ContentDispositions {

    private static final String ATTR_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~";

    private ContentDispositions() {}

    /** The header's value for {@code filename}, {@code attachment} or {@code inline}. */
    public static String of(String filename, boolean attachment) {
        return (attachment ? "attachment" : "inline") + "; filename=\"" + asciiFallback(filename)
                + "\"; filename*=UTF-8''" + encode(filename);
    }

    /** Non-ASCII, control characters, {@code "}, {@code \} and {@code %} become {@code _}. */
    static String asciiFallback(String filename) {
        StringBuilder out = new StringBuilder(filename.length());
        filename.codePoints().forEach(c -> {
            boolean plain = c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '%';
            out.append(plain ? (char) c : '_');
        });
        return out.toString();
    }

    private static String encode(String filename) {
        StringBuilder out = new StringBuilder();
        for (byte b : filename.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && ATTR_CHARS.indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
