package dev.sluice.zipdownload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.storage.InvalidKeyException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a selection holds, what its entries are named, and what its archive is called. */
class SelectionTest {

    @Test
    void aFolderIsTheTopEntryOfItsOwnArchive() {
        Selection selection = Selection.folder("photos/2025/");

        assertThat(selection.base()).isEqualTo("photos/");
        assertThat(selection.entryName("photos/2025/beach.jpg")).isEqualTo("2025/beach.jpg");
        assertThat(selection.fileName()).isEqualTo("2025.zip");
    }

    @Test
    void everythingIsNamedByFullKeys() {
        Selection selection = Selection.folder("");

        assertThat(selection.base()).isEmpty();
        assertThat(selection.entryName("a/b.txt")).isEqualTo("a/b.txt");
        assertThat(selection.fileName()).isEqualTo("files.zip");
    }

    @Test
    void namesAreRelativeToTheDeepestFolderHoldingEveryItem() {
        Selection selection = Selection.of(List.of("docs/2025/a.pdf", "docs/2026/", "docs/2025/b/c.txt"));

        assertThat(selection.base()).isEqualTo("docs/");
        assertThat(selection.targets()).containsExactly("docs/2025/a.pdf", "docs/2025/b/c.txt", "docs/2026/");
        assertThat(selection.fileName()).isEqualTo("docs.zip");
        // a common start of names is not a common folder
        assertThat(Selection.of(List.of("ab/x", "ac/y")).base()).isEmpty();
        assertThat(Selection.of(List.of("a/photo1", "a/photo2")).base()).isEqualTo("a/");
    }

    @Test
    void duplicatesAndItemsInsideASelectedFolderAreDropped() {
        Selection selection = Selection.of(List.of("a/x.txt", "a/", "a/b/", "a/", "b.txt", "b.txt"));

        assertThat(selection.targets()).containsExactly("a/", "b.txt");
        assertThat(Selection.of(List.of("", "a/", "z.txt")).targets()).containsExactly("");
    }

    @Test
    void aShareLinksArchiveNamesEntriesRelativeToItsFolder() {
        Selection selection = Selection.shared("team/album/");

        assertThat(selection.entryName("team/album/a.jpg")).isEqualTo("a.jpg");
        assertThat(selection.entryName("team/album/")).isEmpty();
        assertThat(selection.fileName()).isEqualTo("album.zip");
    }

    @Test
    void itemsAreKeysOrFoldersValidatedAsKeys() {
        assertThat(Selection.parse("a/b.txt")).isEqualTo("a/b.txt");
        assertThat(Selection.parse("a/b/")).isEqualTo("a/b/");
        assertThat(Selection.parse("")).isEmpty();
        assertThat(Selection.parse("cafe\u0301/")).isEqualTo("café/");
        for (String bad : List.of("/a", "a//b", "a/../b", "a/./", "//", "a\\b", ".sluice/secret")) {
            assertThatThrownBy(() -> Selection.parse(bad)).as(bad).isInstanceOf(InvalidKeyException.class);
        }
    }

    @Test
    void aFolderNameTooLongForAFileNameGivesTheGenericOne() {
        String name = "n".repeat(253);
        assertThat(Selection.folder(name + "/").fileName()).isEqualTo("files.zip");
        assertThat(Selection.folder("n".repeat(251) + "/").fileName()).isEqualTo("n".repeat(251) + ".zip");
    }
}
