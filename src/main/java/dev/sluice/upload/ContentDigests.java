package dev.sluice.upload;

import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * The digests a client announced for its upload in {@code Content-Digest} and {@code Repr-Digest} (RFC 9530):
 * {@code sha-256} and {@code sha-512} are checked, other algorithms are ignored. The fields are RFC 8941
 * dictionaries of byte sequences; the small parser here reads just that (no library for structured fields is on
 * the classpath, and the grammar needed is a few lines).
 *
 * @param sha256 the expected SHA-256, or null when not announced
 * @param sha512 the expected SHA-512, or null when not announced
 */
public record ContentDigests(byte @Nullable [] sha256, byte @Nullable [] sha512) {

    public static final String CONTENT_DIGEST = "Content-Digest";
    public static final String REPR_DIGEST = "Repr-Digest";
    static final String WANT_CONTENT_DIGEST = "Want-Content-Digest";
    /** Nothing announced: nothing to verify. */
    public static final ContentDigests NONE = new ContentDigests(null, null);

    /**
     * Reads the digest fields of a request.
     *
     * @param names the fields to read, such as {@code Content-Digest} and {@code Repr-Digest}
     * @throws ApiException 400 when a field is malformed or names no supported algorithm
     */
    public static ContentDigests from(HttpHeaders headers, List<String> names) {
        byte[] sha256 = null;
        byte[] sha512 = null;
        for (String name : names) {
            List<String> values = headers.get(name);
            if (values == null || values.isEmpty()) {
                continue;
            }
            boolean supported = false;
            for (String member : String.join(",", values).split(",")) {
                String trimmed = member.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                int equals = trimmed.indexOf('=');
                if (equals <= 0) {
                    throw malformed(name);
                }
                String algorithm = trimmed.substring(0, equals).trim().toLowerCase(Locale.ROOT);
                String value = trimmed.substring(equals + 1);
                int parameters = value.indexOf(';');
                value = (parameters < 0 ? value : value.substring(0, parameters)).trim();
                if (!algorithm.equals("sha-256") && !algorithm.equals("sha-512")) {
                    continue;
                }
                byte[] digest = byteSequence(value, name);
                if (algorithm.equals("sha-256")) {
                    sha256 = pick(sha256, digest, name);
                } else {
                    sha512 = pick(sha512, digest, name);
                }
                supported = true;
            }
            if (!supported) {
                throw new ApiException(
                                ProblemCode.INVALID_HEADER,
                                name + " names no supported algorithm; use sha-256 or sha-512")
                        .withHeader(WANT_CONTENT_DIGEST, "sha-256=1");
            }
        }
        return new ContentDigests(sha256, sha512);
    }

    public boolean isEmpty() {
        return sha256 == null && sha512 == null;
    }

    /**
     * Running digests of every announced algorithm, for bytes the store does not hash itself (a whole multipart
     * body, which {@code Content-Digest} covers on a POST).
     */
    public BodyCheck newBodyCheck() {
        return new BodyCheck(sha256 == null ? null : digest("SHA-256"), newSha512());
    }

    /** Hashes bytes as they pass, then verifies them against the announced digests. */
    public final class BodyCheck {
        private final @Nullable MessageDigest runningSha256;
        private final @Nullable MessageDigest runningSha512;

        private BodyCheck(@Nullable MessageDigest runningSha256, @Nullable MessageDigest runningSha512) {
            this.runningSha256 = runningSha256;
            this.runningSha512 = runningSha512;
        }

        /** Hashes the readable bytes of {@code buffer} without consuming them. */
        public void update(org.springframework.core.io.buffer.DataBuffer buffer) {
            try (var views = buffer.readableByteBuffers()) {
                views.forEachRemaining(view -> {
                    if (runningSha256 != null) {
                        runningSha256.update(view.duplicate());
                    }
                    if (runningSha512 != null) {
                        runningSha512.update(view.duplicate());
                    }
                });
            }
        }

        /** @throws ApiException 400 {@code digest-mismatch} */
        public void verify() {
            if (sha256 != null && runningSha256 != null && !MessageDigest.isEqual(sha256, runningSha256.digest())) {
                throw mismatch("sha-256");
            }
            verify512();
        }

        private void verify512() {
            if (sha512 != null && runningSha512 != null && !MessageDigest.isEqual(sha512, runningSha512.digest())) {
                throw mismatch("sha-512");
            }
        }
    }

    /** A fresh SHA-512 when one must be checked, else null (SHA-256 comes from the store). */
    @Nullable
    MessageDigest newSha512() {
        return sha512 == null ? null : digest("SHA-512");
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has " + algorithm, e);
        }
    }

    /**
     * Checks the digests of what was received.
     *
     * @param actualSha256Hex the SHA-256 computed while storing, lowercase hex
     * @param actualSha512 the SHA-512 computed while receiving, or null when none was expected
     * @throws ApiException 400 {@code digest-mismatch}
     */
    void verify(String actualSha256Hex, byte @Nullable [] actualSha512) {
        if (sha256 != null && !MessageDigest.isEqual(sha256, HexFormat.of().parseHex(actualSha256Hex))) {
            throw mismatch("sha-256");
        }
        if (sha512 != null && (actualSha512 == null || !MessageDigest.isEqual(sha512, actualSha512))) {
            throw mismatch("sha-512");
        }
    }

    /** The {@code Repr-Digest} value for content with this SHA-256 (hex). */
    public static String reprDigest(String sha256Hex) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex)) + ":";
    }

    private static byte[] pick(byte @Nullable [] earlier, byte[] digest, String name) {
        if (earlier != null && !MessageDigest.isEqual(earlier, digest)) {
            throw mismatch("the announced digests disagree; " + name);
        }
        return digest;
    }

    private static byte[] byteSequence(String value, String name) {
        if (value.length() < 2 || value.charAt(0) != ':' || value.charAt(value.length() - 1) != ':') {
            throw malformed(name);
        }
        try {
            return Base64.getDecoder().decode(value.substring(1, value.length() - 1));
        } catch (IllegalArgumentException e) {
            throw malformed(name);
        }
    }

    private static ApiException malformed(String name) {
        return new ApiException(
                ProblemCode.INVALID_HEADER, name + " is not a dictionary of byte sequences such as sha-256=:<base64>:");
    }

    private static ApiException mismatch(String algorithm) {
        return new ApiException(
                ProblemCode.DIGEST_MISMATCH,
                "The content does not match its " + algorithm + " digest; nothing was stored");
    }
}
