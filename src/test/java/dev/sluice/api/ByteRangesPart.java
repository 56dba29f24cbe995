package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One part of a {@code multipart/byteranges} body (RFC 9110 §14.6).
 *
 * @param headers the part's header fields, names lower-cased
 * @param content the part's bytes
 */
record ByteRangesPart(Map<String, String> headers, byte[] content) {

    /**
     * Parses a whole body strictly: every delimiter, CRLF and the closing delimiter must be where RFC 2046 puts them,
     * and nothing may follow the closing delimiter.
     */
    static List<ByteRangesPart> parse(byte[] body, String boundary) {
        String text = new String(body, StandardCharsets.ISO_8859_1); // one char per byte: offsets stay byte offsets
        String delimiter = "--" + boundary;
        List<ByteRangesPart> parts = new ArrayList<>();
        int position = 0;
        while (true) {
            assertThat(text.startsWith(delimiter, position))
                    .as("delimiter at %d", position)
                    .isTrue();
            position += delimiter.length();
            if (text.startsWith("--", position)) {
                assertThat(text.substring(position)).as("closing delimiter").isEqualTo("--\r\n");
                return parts;
            }
            assertThat(text.startsWith("\r\n", position))
                    .as("CRLF after the delimiter at %d", position)
                    .isTrue();
            position += 2;
            int headersEnd = text.indexOf("\r\n\r\n", position);
            assertThat(headersEnd).as("end of the part's headers").isNotNegative();
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : text.substring(position, headersEnd).split("\r\n")) {
                int colon = line.indexOf(':');
                assertThat(colon).as("header line '%s'", line).isPositive();
                headers.put(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
            int contentStart = headersEnd + 4;
            int contentEnd = text.indexOf("\r\n" + delimiter, contentStart);
            assertThat(contentEnd).as("delimiter after the part's content").isNotNegative();
            parts.add(new ByteRangesPart(headers, Arrays.copyOfRange(body, contentStart, contentEnd)));
            position = contentEnd + 2;
        }
    }
}
