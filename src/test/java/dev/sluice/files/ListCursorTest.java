package dev.sluice.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import org.junit.jupiter.api.Test;

/** The listing cursor round-trips and is bound to the query it was made for. No server. */
class ListCursorTest {

    @Test
    void roundTripsTheLastKeyOfAPage() {
        String cursor = ListCursor.encode("docs/", true, "docs/b (1).txt");
        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        assertThat(ListCursor.decode(cursor, "docs/", true)).isEqualTo("docs/b (1).txt");
    }

    @Test
    void keepsKeysWithAnyCharacterIntact() {
        String last = "docs/😀 ;=,+%2F.bin";
        assertThat(ListCursor.decode(ListCursor.encode("", false, last), "", false))
                .isEqualTo(last);
    }

    @Test
    void noCursorMeansTheFirstPage() {
        assertThat(ListCursor.decode(null, "docs/", false)).isNull();
        assertThat(ListCursor.decode("", "docs/", false)).isNull();
    }

    @Test
    void refusesACursorOfAnotherPrefixOrDelimiter() {
        String cursor = ListCursor.encode("docs/", true, "docs/b.txt");
        assertInvalid(() -> ListCursor.decode(cursor, "other/", true));
        assertInvalid(() -> ListCursor.decode(cursor, "docs/", false));
    }

    @Test
    void refusesAMalformedCursor() {
        assertInvalid(() -> ListCursor.decode("!!not base64!!", "", false));
        assertInvalid(() -> ListCursor.decode("aGVsbG8", "", false));
    }

    private static void assertInvalid(Runnable decode) {
        assertThatThrownBy(decode::run)
                .isInstanceOfSatisfying(
                        ApiException.class,
                        refused -> assertThat(refused.code()).isEqualTo(ProblemCode.INVALID_REQUEST));
    }
}
