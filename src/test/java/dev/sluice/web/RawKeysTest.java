package dev.sluice.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.storage.InvalidKeyException;
import dev.sluice.storage.ObjectKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RawKeysTest {

    private static final String FILES = "/api/v1/files/";

    @Test
    void percentDecodesAsUtf8() {
        assertThat(RawKeys.decode("photos/2026/beach.jpg")).isEqualTo("photos/2026/beach.jpg");
        assertThat(RawKeys.decode("a%20b")).isEqualTo("a b");
        assertThat(RawKeys.decode("caf%C3%A9")).isEqualTo("café");
        assertThat(RawKeys.decode("%f0%9f%98%80.bin")).isEqualTo("😀.bin");
        assertThat(RawKeys.decode("%25")).isEqualTo("%");
    }

    @Test
    void encodedSlashIsASeparator() {
        assertThat(RawKeys.keyAfter(FILES + "a%2Fb%2fc", FILES)).isEqualTo(ObjectKey.of("a/b/c"));
        assertThat(RawKeys.keyAfter(FILES + "a%2Fb", FILES)).isEqualTo(RawKeys.keyAfter(FILES + "a/b", FILES));
    }

    @Test
    void plusAndSubDelimitersAreLiteral() {
        assertThat(RawKeys.decode("a+b")).isEqualTo("a+b");
        assertThat(RawKeys.decode("a;b=c,d")).isEqualTo("a;b=c,d");
        assertThat(RawKeys.keyAfter(FILES + "x+y;v=1,2.txt", FILES).value()).isEqualTo("x+y;v=1,2.txt");
    }

    @Test
    void rawBytesArriveAsIsoLatin1CharactersAndAreDecodedAsUtf8() {
        assertThat(RawKeys.decode("caf\u00C3\u00A9")).isEqualTo("café");
    }

    @Test
    void keyIsNormalizedToNfc() {
        assertThat(RawKeys.keyAfter(FILES + "cafe%CC%81", FILES).value()).isEqualTo("caf\u00e9");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"%", "%2", "abc%", "a%zz", "%G0", "%C3", "%C3%28", "%FF", "%C0%AF", "%ED%A0%80", "caf\u00E9"})
    void badPercentEncodingOrInvalidUtf8IsRefused(String raw) {
        assertThatThrownBy(() -> RawKeys.decode(raw)).isInstanceOf(InvalidKeyException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "%2E%2E/x", "a/%2E/b", "a%5Cb", "a%00b", "a%2F", "%2Fa", "a%2F%2Fb", ".sluice/x"})
    void decodedKeysAreValidatedLikeAnyKey(String raw) {
        assertThatThrownBy(() -> RawKeys.keyAfter(FILES + raw, FILES)).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void pathOutsideTheRouteIsRefused() {
        assertThatThrownBy(() -> RawKeys.keyAfter("/api/v1/other/a", FILES)).isInstanceOf(InvalidKeyException.class);
    }
}
