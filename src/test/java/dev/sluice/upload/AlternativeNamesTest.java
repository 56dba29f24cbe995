package dev.sluice.upload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlternativeNamesTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "a.txt           | 1 | a (1).txt",
                "a.txt           | 2 | a (2).txt",
                "a.tar.gz        | 1 | a (1).tar.gz",
                "backup.TAR.BZ2  | 3 | backup (3).TAR.BZ2",
                "archive.tar     | 1 | archive (1).tar",
                "photo.final.jpg | 1 | photo.final (1).jpg",
                "README          | 1 | README (1)",
                ".bashrc         | 1 | .bashrc (1)",
                "my file.txt     | 12 | my file (12).txt",
            })
    void numberGoesBeforeTheExtension(String name, int n, String expected) {
        assertThat(AlternativeNames.numbered(name, n)).isEqualTo(expected);
    }
}
