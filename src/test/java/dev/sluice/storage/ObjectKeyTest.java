package dev.sluice.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeyTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a",
                "photos/2026/beach.jpg",
                "with space.txt",
                "a;b=c,d+e",
                "日本語/ファイル.txt",
                "😀.bin",
                "...",
                "a/.../b",
                ".hidden",
                ".sluicex",
                ".sluice-old/x",
                "a/.sluice",
                "a/.sluice/b",
                "%2F",
                "\uFFFD"
            })
    void acceptsValidKeys(String value) {
        assertThat(ObjectKey.of(value).value()).isEqualTo(value);
        assertThat(new ObjectKey(value).value()).isEqualTo(value);
    }

    @Test
    void normalizesDecomposedInputToNfc() {
        String decomposed = "cafe\u0301/re\u0301sume\u0301.txt";

        ObjectKey key = ObjectKey.of(decomposed);

        assertThat(key.value()).isEqualTo("caf\u00e9/r\u00e9sum\u00e9.txt");
        assertThat(key).isEqualTo(ObjectKey.of("caf\u00e9/r\u00e9sum\u00e9.txt"));
        assertThatThrownBy(() -> new ObjectKey(decomposed))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("NFC");
    }

    @ParameterizedTest
    @MethodSource("refusedKeys")
    void refusesInvalidKeys(String value) {
        assertThatThrownBy(() -> ObjectKey.of(value)).isInstanceOf(InvalidKeyException.class);
    }

    static Stream<String> refusedKeys() {
        Stream<String> forms = Stream.of(
                "",
                ".",
                "..",
                "./a",
                "a/.",
                "a/./b",
                "a/../b",
                "../a",
                "/a",
                "/",
                "a/",
                "a//b",
                "//a",
                "a\\b",
                "\\",
                ".sluice",
                ".sluice/tmp/x",
                "\uD83D",
                "a\uDE00b",
                "x".repeat(1025),
                "é".repeat(128),
                "a/" + "b".repeat(256));
        Stream<String> controls = Stream.concat(IntStream.rangeClosed(0, 0x1F).boxed(), Stream.of(0x7F))
                .map(c -> "a" + (char) c.intValue() + "b");
        return Stream.concat(forms, controls);
    }

    @Test
    void limitsCountUtf8BytesNotCharacters() {
        assertThat(ObjectKey.of("a".repeat(255)).value()).hasSize(255);
        assertThat(ObjectKey.of("é".repeat(127)).value()).hasSize(127); // 254 bytes
        assertThatThrownBy(() -> ObjectKey.of("é".repeat(128)))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("255 bytes");
        assertThatThrownBy(() -> ObjectKey.of("😀".repeat(64))).isInstanceOf(InvalidKeyException.class);

        String longest = String.join("/", "a".repeat(255), "b".repeat(255), "c".repeat(255), "d".repeat(254), "e");
        assertThat(longest.getBytes(StandardCharsets.UTF_8)).hasSize(1024);
        assertThat(ObjectKey.of(longest).value()).isEqualTo(longest);
        assertThatThrownBy(() -> ObjectKey.of(longest + "f"))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("1024 bytes");
    }

    @Test
    void validatesPrefixes() {
        assertThat(ObjectKey.validatePrefix("")).isEmpty();
        assertThat(ObjectKey.validatePrefix("photos/")).isEqualTo("photos/");
        assertThat(ObjectKey.validatePrefix("photos/20")).isEqualTo("photos/20");
        assertThat(ObjectKey.validatePrefix(".sluice")).isEqualTo(".sluice"); // may still become .sluicex
        assertThat(ObjectKey.validatePrefix("cafe\u0301/")).isEqualTo("caf\u00e9/");
        for (String refused :
                List.of("/", "/a", "a//", "a//b/", "../", "a/./", ".sluice/", ".sluice/x", "a\\", "a\u0000")) {
            assertThatThrownBy(() -> ObjectKey.validatePrefix(refused))
                    .as(refused)
                    .isInstanceOf(InvalidKeyException.class);
        }
    }

    @Test
    void ordersByUtf8BytesNotByJavaStrings() {
        // U+FFFD is one UTF-16 unit above the high surrogate of U+1F600, but below it as a code point.
        assertThat("😀".compareTo("\uFFFD")).isNegative();
        assertThat(ObjectKey.UTF8_ORDER.compare("😀", "\uFFFD")).isPositive();
        assertThat(ObjectKey.of("😀").compareTo(ObjectKey.of("\uFFFD"))).isPositive();

        List<String> keys = List.of(
                "a", "a-b", "a.txt", "a/b", "ab", "B", "é", "\uE000", "\uFFFD", "😀", "😀a", "\uD83D\uDE01", "z");
        List<String> sorted = keys.stream().sorted(ObjectKey.UTF8_ORDER).toList();
        List<String> byBytes = keys.stream()
                .sorted((x, y) -> Arrays.compareUnsigned(utf8(x), utf8(y)))
                .toList();
        assertThat(sorted)
                .isEqualTo(byBytes)
                .startsWith("B", "a", "a-b", "a.txt", "a/b", "ab")
                .endsWith("\uFFFD", "😀", "😀a", "\uD83D\uDE01");
        assertThat(keys.stream()
                        .map(ObjectKey::of)
                        .sorted()
                        .map(ObjectKey::value)
                        .toList())
                .isEqualTo(sorted);
    }

    @Test
    void splitsIntoSegmentsNameAndFolder() {
        ObjectKey key = ObjectKey.of("photos/2026/beach.jpg");

        assertThat(key.segments()).containsExactly("photos", "2026", "beach.jpg");
        assertThat(key.name()).isEqualTo("beach.jpg");
        assertThat(key.folder()).isEqualTo("photos/2026/");
        assertThat(ObjectKey.of("top").folder()).isEmpty();
        assertThat(ObjectKey.of("top").name()).isEqualTo("top");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
