package dev.sluice.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** Entries that an extracting program could be tricked by, or that cannot be written, are refused up front. */
class ZipItemTest {

    private static final ZipContent NOTHING = (offset, length) -> Flux.empty();

    @Test
    void namesThatEscapeTheExtractionFolderAreRefused() {
        for (String name : List.of(
                "", "/etc/passwd", "../up", "a/../../up", "a/./b", "a//b", "a\\b", "a\u0000b", "line\nbreak", "./a")) {
            assertThatThrownBy(() -> ZipItem.file(name, 1, ZipFixtures.MTIME, null, NOTHING))
                    .as(name)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> ZipItem.folder("../", ZipFixtures.MTIME)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZipItem.folder("a//", ZipFixtures.MTIME)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void foldersAndFilesAreToldByTheirNames() {
        assertThatThrownBy(() -> ZipItem.folder("a", ZipFixtures.MTIME)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZipItem.file("a/", 0, ZipFixtures.MTIME, null, NOTHING))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ZipItem.folder("a/b/", ZipFixtures.MTIME).isFolder()).isTrue();
        assertThat(ZipItem.file("a/b", 3, ZipFixtures.MTIME, null, NOTHING).isFolder())
                .isFalse();
    }

    @Test
    void inconsistentSizesAndCrcsAreRefused() {
        assertThatThrownBy(() -> ZipItem.file("a", -1, ZipFixtures.MTIME, null, NOTHING))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZipItem.file("a", 0, ZipFixtures.MTIME, 5L, NOTHING))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZipItem.file("a", 1, ZipFixtures.MTIME, 1L << 32, NOTHING))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZipItem.file("a".repeat(65_536), 1, ZipFixtures.MTIME, null, NOTHING))
                .isInstanceOf(IllegalArgumentException.class);
        // an empty file's CRC-32 is known without reading it
        assertThat(ZipItem.file("a", 0, ZipFixtures.MTIME, null, NOTHING).knownCrc32())
                .isZero();
        assertThat(ZipItem.file("a", 1, ZipFixtures.MTIME, null, NOTHING).knownCrc32())
                .isNull();
    }
}
