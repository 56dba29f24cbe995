package dev.sluice.upload;

import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import org.springframework.http.HttpHeaders;
import org.springframework.http.codec.multipart.PartEvent;

/**
 * Checks of a multipart part's headers made before anything is read from it: every refusal is 400
 * {@code invalid-request}, and nothing of the part is stored.
 */
final class PartChecks {

    private PartChecks() {}

    /** The part has a {@code Content-Disposition} with a name (Spring's {@code PartEvent.name()} throws otherwise). */
    static void requireName(PartEvent event) {
        if (event.headers().getContentDisposition().getName() == null) {
            throw new ApiException(
                    ProblemCode.INVALID_REQUEST,
                    "A part has no Content-Disposition with a name: send files in parts named 'file'");
        }
    }

    /**
     * The filename was not cut by a line break: a CR or LF inside a quoted filename ends the header line, which
     * leaves an unterminated quoted string ({@code filename="a}) that a lenient parser turns into the name
     * {@code "a}. Refused rather than stored under a name the client never meant.
     */
    static void requireWholeFilename(PartEvent event, String filename) {
        String raw = event.headers().getFirst(HttpHeaders.CONTENT_DISPOSITION);
        boolean broken = raw != null && !quotesBalanced(raw);
        for (int i = 0; i < filename.length() && !broken; i++) {
            char c = filename.charAt(i);
            broken = c == '\r' || c == '\n';
        }
        if (broken) {
            throw new ApiException(
                    ProblemCode.INVALID_REQUEST,
                    "The part's filename contains a line break or an unterminated quoted string");
        }
    }

    private static boolean quotesBalanced(String value) {
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\') {
                i++; // a quoted-pair
            } else if (c == '"') {
                quoted = !quoted;
            }
        }
        return !quoted;
    }
}
