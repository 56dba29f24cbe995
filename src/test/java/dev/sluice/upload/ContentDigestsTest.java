package dev.sluice.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;

/** RFC 9530 digest fields: parsing, the refusals, and verification of what was received. No server. */
class ContentDigestsTest {

    private static final byte[] FOO = "foo".getBytes(StandardCharsets.UTF_8);
    private static final String SHA256_HEX = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
    private static final String SHA256_FIELD = "sha-256=:LCa0a2j/xo/5m0U8HTBBNBNCLXBkg7+g+YpeiGJm564=:";
    private static final List<String> BOTH = List.of(ContentDigests.CONTENT_DIGEST, ContentDigests.REPR_DIGEST);

    private static ContentDigests from(String name, String value) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(name, value);
        return ContentDigests.from(headers, BOTH);
    }

    private static String sha512Field(byte[] content) throws Exception {
        return "sha-512=:"
                + Base64.getEncoder()
                        .encodeToString(MessageDigest.getInstance("SHA-512").digest(content)) + ":";
    }

    @Test
    void noFieldIsNoDigest() {
        assertThat(ContentDigests.from(new HttpHeaders(), BOTH).isEmpty()).isTrue();
        assertThat(ContentDigests.NONE.isEmpty()).isTrue();
    }

    @Test
    void readsSha256AndVerifiesTheStoredHex() {
        ContentDigests digests = from(ContentDigests.REPR_DIGEST, SHA256_FIELD);
        assertThat(digests.isEmpty()).isFalse();
        assertThat(digests.sha256()).isEqualTo(HexFormat.of().parseHex(SHA256_HEX));
        assertThatCode(() -> digests.verify(SHA256_HEX, null)).doesNotThrowAnyException();
        assertRefused(() -> digests.verify("00" + SHA256_HEX.substring(2), null), ProblemCode.DIGEST_MISMATCH);
    }

    @Test
    void ignoresUnknownAlgorithmsAndParametersButNotAFieldWithNoneSupported() throws Exception {
        ContentDigests digests = from(ContentDigests.CONTENT_DIGEST, "md5=:AAAA:, " + sha512Field(FOO) + ";x=1");
        assertThat(digests.sha256()).isNull();
        assertThat(digests.sha512()).hasSize(64);
        assertThatThrownBy(() -> from(ContentDigests.CONTENT_DIGEST, "md5=:AAAA:"))
                .isInstanceOfSatisfying(ApiException.class, refused -> {
                    assertThat(refused.code()).isEqualTo(ProblemCode.INVALID_HEADER);
                    assertThat(refused.headers().getFirst("Want-Content-Digest"))
                            .isEqualTo("sha-256=1");
                });
    }

    @Test
    void refusesMalformedFieldsAndDisagreeingOnes() {
        assertRefused(() -> from(ContentDigests.CONTENT_DIGEST, "sha-256"), ProblemCode.INVALID_HEADER);
        assertRefused(() -> from(ContentDigests.CONTENT_DIGEST, "sha-256=abc"), ProblemCode.INVALID_HEADER);
        assertRefused(() -> from(ContentDigests.CONTENT_DIGEST, "sha-256=:not base64!:"), ProblemCode.INVALID_HEADER);
        HttpHeaders headers = new HttpHeaders();
        headers.add(ContentDigests.CONTENT_DIGEST, SHA256_FIELD);
        headers.add(ContentDigests.REPR_DIGEST, "sha-256=:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=:");
        assertRefused(() -> ContentDigests.from(headers, BOTH), ProblemCode.DIGEST_MISMATCH);
    }

    @Test
    void sha512MustBeComputedWhenAnnounced() throws Exception {
        ContentDigests digests = from(ContentDigests.CONTENT_DIGEST, sha512Field(FOO));
        MessageDigest running = digests.newSha512();
        assertThat(running).isNotNull();
        running.update(FOO);
        byte[] actual = running.digest();
        assertThatCode(() -> digests.verify(SHA256_HEX, actual)).doesNotThrowAnyException();
        assertRefused(() -> digests.verify(SHA256_HEX, null), ProblemCode.DIGEST_MISMATCH);
        assertThat(ContentDigests.NONE.newSha512()).isNull();
    }

    @Test
    void bodyCheckHashesBuffersWithoutConsumingThem() throws Exception {
        ContentDigests digests = from(ContentDigests.CONTENT_DIGEST, SHA256_FIELD + ", " + sha512Field(FOO));
        ContentDigests.BodyCheck check = digests.newBodyCheck();
        var buffer = DefaultDataBufferFactory.sharedInstance.wrap(FOO);
        check.update(buffer);
        assertThat(buffer.readableByteCount()).isEqualTo(3);
        assertThatCode(check::verify).doesNotThrowAnyException();

        ContentDigests.BodyCheck wrong = digests.newBodyCheck();
        wrong.update(DefaultDataBufferFactory.sharedInstance.wrap("bar".getBytes(StandardCharsets.UTF_8)));
        assertRefused(wrong::verify, ProblemCode.DIGEST_MISMATCH);
    }

    @Test
    void reprDigestIsTheBase64OfTheSha256() {
        assertThat(ContentDigests.reprDigest(SHA256_HEX)).isEqualTo(SHA256_FIELD);
    }

    private static void assertRefused(Runnable action, ProblemCode code) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(
                        ApiException.class,
                        refused -> assertThat(refused.code()).isEqualTo(code));
    }
}
