package dev.sluice.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Sends bytes no HTTP client library would send (malformed targets, raw non-ASCII) and reads the raw answer. */
public final class RawHttp {

    private RawHttp() {}

    /**
     * Writes {@code request} (ISO-8859-1, one byte per char) to 127.0.0.1:port, with the test admin token's
     * Authorization header added after the request line, and reads until the server closes.
     */
    public static String exchange(int port, String request) throws IOException {
        return exchangeAsIs(port, TestTokens.withAuthorization(request));
    }

    /** As {@link #exchange}, without adding any header. */
    public static String exchangeAsIs(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                response.write(buffer, 0, n);
            }
            return response.toString(StandardCharsets.UTF_8);
        }
    }
}
