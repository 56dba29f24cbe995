package dev.sluice.resumable;

import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Upload-Checksum} header of a chunk (tus checksum extension): {@code <algorithm> <base64 digest>} of the
 * chunk's bytes. {@code sha1} (which the protocol requires), {@code sha256} and {@code md5}; another algorithm, or
 * a header that does not parse, is 400. A chunk that does not match is discarded and answered 460.
 */
final class UploadChecksum {

    /** The algorithms, in the order {@code Tus-Checksum-Algorithm} lists them. */
    static final List<String> ALGORITHMS = List.of("sha1", "sha256", "md5");

    private static final Map<String, String> JAVA_NAMES = Map.of("sha1", "SHA-1", "sha256", "SHA-256", "md5", "MD5");

    private final String algorithm;
    private final byte[] expected;
    private final MessageDigest digest;

    private UploadChecksum(String algorithm, byte[] expected) {
        this.algorithm = algorithm;
        this.expected = expected;
        try {
            this.digest = MessageDigest.getInstance(JAVA_NAMES.get(algorithm));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has " + algorithm, e);
        }
    }

    /** The checksum the header announces, or null without one. */
    static @Nullable UploadChecksum parse(@Nullable String header) {
        if (header == null) {
            return null;
        }
        String[] fields = header.trim().split(" ");
        if (fields.length != 2) {
            throw new ApiException(ProblemCode.INVALID_HEADER, "Upload-Checksum must be '<algorithm> <base64>'");
        }
        String algorithm = fields[0].toLowerCase(Locale.ROOT);
        if (!JAVA_NAMES.containsKey(algorithm)) {
            throw new ApiException(
                    ProblemCode.INVALID_HEADER,
                    "Upload-Checksum algorithm '" + fields[0] + "' is not supported; use one of "
                            + String.join(", ", ALGORITHMS));
        }
        try {
            return new UploadChecksum(algorithm, Base64.getDecoder().decode(fields[1]));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ProblemCode.INVALID_HEADER, "Upload-Checksum digest is not base64");
        }
    }

    void update(ByteBuffer bytes) {
        digest.update(bytes.duplicate());
    }

    boolean matches() {
        return MessageDigest.isEqual(digest.digest(), expected);
    }

    String algorithm() {
        return algorithm;
    }
}
