package dev.sluice.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentDispositionsTest {

    @Test
    void plainAsciiNameIsTheSameInBothForms() {
        assertThat(ContentDispositions.of("report.pdf", false))
                .isEqualTo("inline; filename=\"report.pdf\"; filename*=UTF-8''report.pdf");
        assertThat(ContentDispositions.of("report.pdf", true))
                .isEqualTo("attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf");
    }

    @Test
    void asciiFallbackReplacesNonAsciiQuotesBackslashesAndPercents() {
        assertThat(ContentDispositions.asciiFallback("résumé \"final\" 100%\\x.txt"))
                .isEqualTo("r_sum_ _final_ 100__x.txt");
        assertThat(ContentDispositions.asciiFallback("😀.txt")).isEqualTo("_.txt"); // one per code point
        assertThat(ContentDispositions.asciiFallback("tab\there\u007F")).isEqualTo("tab_here_");
        assertThat(ContentDispositions.asciiFallback("a;b=c,d'e(1).txt")).isEqualTo("a;b=c,d'e(1).txt");
    }

    @Test
    void extendedFormPercentEncodesUtf8PerRfc8187() {
        assertThat(ContentDispositions.of("résumé.pdf", true))
                .isEqualTo("attachment; filename=\"r_sum_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf");
        assertThat(ContentDispositions.of("😀 \"%\".txt", false))
                .endsWith("filename*=UTF-8''%F0%9F%98%80%20%22%25%22.txt");
        assertThat(ContentDispositions.of("it's (1);a=b,c*.txt", false))
                .endsWith("filename*=UTF-8''it%27s%20%281%29%3Ba%3Db%2Cc%2A.txt");
    }

    @Test
    void attrCharsStayLiteral() {
        String attrChars = "AZaz09!#$&+-.^_`|~";

        assertThat(ContentDispositions.of(attrChars, false)).endsWith("filename*=UTF-8''" + attrChars);
    }
}
