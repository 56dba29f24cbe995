package dev.sluice.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;

/**
 * A {@code multipart/form-data} body written byte by byte with a fixed boundary, for requests that a multipart
 * encoder would not produce (a part without a filename, a path in a filename, a missing closing delimiter) and for
 * bodies whose digest a test must know.
 */
final class RawMultipart {

    static final String BOUNDARY = "sluice-test-boundary-3f9a";
    static final MediaType CONTENT_TYPE = MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY);

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    /** Adds a part named {@code file} with this filename and a text/plain body. */
    RawMultipart file(String filename, byte[] content) {
        return part("form-data; name=\"file\"; filename=\"" + filename + "\"", "text/plain", content);
    }

    /**
     * Adds a part.
     *
     * @param disposition the whole {@code Content-Disposition} value, written as is
     * @param contentType the part's {@code Content-Type}, or null for none
     */
    RawMultipart part(String disposition, @Nullable String contentType, byte[] content) {
        write("--" + BOUNDARY + "\r\n");
        write("Content-Disposition: " + disposition + "\r\n");
        if (contentType != null) {
            write("Content-Type: " + contentType + "\r\n");
        }
        write("\r\n");
        body.writeBytes(content);
        write("\r\n");
        return this;
    }

    /** The body with its closing delimiter. */
    byte[] build() {
        byte[] open = body.toByteArray();
        byte[] close = ("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] whole = new byte[open.length + close.length];
        System.arraycopy(open, 0, whole, 0, open.length);
        System.arraycopy(close, 0, whole, open.length, close.length);
        return whole;
    }

    /** The body so far, without the closing delimiter and without the CRLF that ends the last part's content. */
    byte[] truncated() {
        byte[] open = body.toByteArray();
        byte[] cut = new byte[open.length - 2];
        System.arraycopy(open, 0, cut, 0, cut.length);
        return cut;
    }

    private void write(String text) {
        body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
