package dev.sluice.zipdownload;

import dev.sluice.security.ServerSecret;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signed selection URLs: the token is {@code <payload>.<signature>}, the payload the ticket's JSON, deflated (a
 * selection's keys share long prefixes) and base64url-encoded, the signature an HMAC-SHA-256 of the payload with a
 * key derived from the server secret for this purpose alone ({@link ServerSecret#mac}), as share links do. So the
 * URL is stateless (every instance checks it, nothing is stored or swept), unforgeable, and rotating the secret
 * voids every URL. A browser can open it without headers: the token is its authority, checked again against the
 * asker's current rights on every use.
 */
final class ZipLinks {

    private static final String PURPOSE = "zip-link";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    /** Far above what a token the server would sign can inflate to; a bound all the same. */
    private static final int MAX_TICKET_BYTES = 1 << 20;

    private final ServerSecret secret;
    private final JsonMapper json;

    ZipLinks(ServerSecret secret, JsonMapper json) {
        this.secret = secret;
        this.json = json;
    }

    String sign(ZipTicket ticket) {
        String payload = ENCODER.encodeToString(deflate(json.writeValueAsBytes(ticket)));
        return payload + "." + ENCODER.encodeToString(mac(payload));
    }

    /** The ticket of a well-signed token, or null (tampered, truncated, or signed with another secret). */
    @Nullable
    ZipTicket verify(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return null;
        }
        String payload = token.substring(0, dot);
        // Compares the canonical text of the signature, as share links do (a lenient decoder accepts several).
        byte[] expected = ENCODER.encodeToString(mac(payload)).getBytes(StandardCharsets.US_ASCII);
        byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            return null;
        }
        try {
            byte[] bytes = inflate(Base64.getUrlDecoder().decode(payload));
            return bytes == null ? null : json.readValue(bytes, ZipTicket.class);
        } catch (IllegalArgumentException | JacksonException e) {
            return null;
        }
    }

    private byte[] mac(String payload) {
        return secret.mac(PURPOSE).doFinal(payload.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] deflate(byte[] bytes) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(bytes);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 16);
            byte[] chunk = new byte[4096];
            while (!deflater.finished()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte @Nullable [] inflate(byte[] bytes) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(bytes);
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 4 + 16);
            byte[] chunk = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return null;
                }
                out.write(chunk, 0, n);
                if (out.size() > MAX_TICKET_BYTES) {
                    return null;
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }
}
