package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Small helpers of the tus API tests: metadata headers, creations, chunks, the offset. */
final class TusSupport {

    static final String UPLOADS = "/api/v1/uploads";
    static final String CHUNK = "application/offset+octet-stream";

    private TusSupport() {}

    /** {@code Upload-Metadata} of the pairs, in order. */
    static String metadata(String... keysAndValues) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            pairs.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        StringBuilder header = new StringBuilder();
        pairs.forEach((key, value) -> {
            if (!header.isEmpty()) {
                header.append(',');
            }
            header.append(key)
                    .append(' ')
                    .append(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        });
        return header.toString();
    }

    /** Creates an upload of {@code length} bytes; returns its path (from the absolute Location). */
    static String create(WebTestClient client, long length, String metadata) {
        HttpHeaders headers = client.post()
                .uri(UPLOADS)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", Long.toString(length))
                .header("Upload-Metadata", metadata)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .isEmpty()
                .getResponseHeaders();
        String location = headers.getFirst(HttpHeaders.LOCATION);
        assertThat(location).startsWith("http://").contains(UPLOADS + "/");
        return location.substring(location.indexOf(UPLOADS));
    }

    /** PATCHes one chunk, expecting 204; returns the response headers. */
    static HttpHeaders patch(WebTestClient client, String path, long offset, byte[] chunk) {
        return client.patch()
                .uri(path)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", Long.toString(offset))
                .header(HttpHeaders.CONTENT_TYPE, CHUNK)
                .bodyValue(chunk)
                .exchange()
                .expectStatus()
                .isNoContent()
                .expectBody()
                .isEmpty()
                .getResponseHeaders();
    }

    /** The upload's offset by HEAD. */
    static long offset(WebTestClient client, String path) {
        String offset = client.head()
                .uri(path)
                .header("Tus-Resumable", "1.0.0")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .isEmpty()
                .getResponseHeaders()
                .getFirst("Upload-Offset");
        return Long.parseLong(offset);
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest("SHA-256", bytes));
    }

    static String base64Digest(String algorithm, byte[] bytes) {
        return Base64.getEncoder().encodeToString(digest(algorithm, bytes));
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
