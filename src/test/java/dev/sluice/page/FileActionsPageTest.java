package dev.sluice.page;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.KeyboardModifier;
import dev.sluice.files.FileListing;
import dev.sluice.testing.TestTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The page's file actions (issue #15) in a real browser against the real routes: new folder, rename in place, move
 * through the folder picker and by dragging, copy, a folder's delete, the selection and its actions, and ZIP
 * downloads. Each action's progress and errors show in the task list and are announced in the live region.
 */
class FileActionsPageTest extends PageTestSupport {

    @Test
    void newFolderIsNamedInPlaceAndStaysWhileEmpty() {
        put(folder + "taken", bytes("a file"));
        openFolder(folder);

        page.getByText("New folder").click();
        Locator name = page.getByLabel("Name of the new folder");
        assertThat(name).isFocused();
        name.fill("taken");
        name.press("Enter");
        // A file is in the way: the field stays, with the reason, to try another name.
        assertThat(page.locator(".name-edit [role=alert]")).hasText("A file and a folder cannot have the same name.");
        assertThat(name).hasAttribute("aria-invalid", "true");
        name.fill("Reports 2026");
        name.press("Enter");

        assertThat(row("Reports 2026")).isVisible();
        assertThat(row("Reports 2026").locator("a.name")).isFocused();
        assertThat(page.locator("#status")).hasText("Created the folder “Reports 2026”.");
        assertThat(subFolders(folder)).containsExactly(folder + "Reports 2026/");

        page.reload();
        assertThat(row("Reports 2026")).isVisible();
        row("Reports 2026").locator("a.name").click();
        assertThat(page.locator("#empty")).isVisible();
    }

    @Test
    void renameInPlaceRenamesAFileOrAFolderAndRefusesATakenName() {
        put(folder + "draft.txt", bytes("draft"));
        put(folder + "final.txt", bytes("final"));
        put(folder + "old/inner.txt", bytes("inner"));
        openFolder(folder);

        openMenu("draft.txt").getByText("Rename").click();
        Locator field = page.getByLabel("New name for draft.txt");
        assertThat(field).isFocused();
        assertThat(field).hasValue("draft.txt");
        field.fill("final.txt");
        field.press("Enter");
        assertThat(page.locator(".name-edit [role=alert]")).hasText("Something of that name is already there.");
        assertThat(page.locator("#tasks .task[data-state=failed]")).containsText("Could not rename “draft.txt”.");
        field.fill("report.txt");
        field.press("Enter");
        assertThat(row("report.txt")).isVisible();
        assertThat(row("draft.txt")).hasCount(0);
        assertThat(page.locator("#status")).hasText("Renamed “draft.txt” to “report.txt”.");

        openMenu("old").getByText("Rename").click();
        Locator folderField = page.getByLabel("New name for old");
        folderField.fill("new");
        folderField.press("Enter");
        assertThat(row("new")).isVisible();
        assertThat(row("old")).hasCount(0);
        assertThat(keysUnder(folder))
                .containsExactlyInAnyOrder(folder + "final.txt", folder + "report.txt", folder + "new/inner.txt");

        // Escape gives up and leaves the name as it was.
        openMenu("final.txt").getByText("Rename").click();
        page.getByLabel("New name for final.txt").fill("other.txt");
        page.keyboard().press("Escape");
        assertThat(row("final.txt")).isVisible();
        assertThat(keysUnder(folder)).contains(folder + "final.txt");
    }

    @Test
    void moveToChoosesTheFolderInThePickerByKeyboard() {
        put(folder + "doc.txt", bytes("doc"));
        put(folder + "archive/2025/old.txt", bytes("old"));
        openFolder(folder);

        row("doc.txt").getByLabel("More actions for doc.txt").focus();
        page.keyboard().press("Enter");
        assertThat(page.getByRole(
                        com.microsoft.playwright.options.AriaRole.MENUITEM,
                        new com.microsoft.playwright.Page.GetByRoleOptions().setName("Rename")))
                .isFocused();
        page.keyboard().press("ArrowDown");
        page.keyboard().press("Enter");
        Locator dialog = page.locator("#folder-dialog");
        assertThat(dialog).isVisible();
        assertThat(page.locator("#folder-title")).hasText("Move “doc.txt” to…");
        // Already there: the dialog says so and will not "move" it where it is.
        assertThat(page.locator("#folder-submit")).isDisabled();
        dialog.getByLabel("Open archive").press("Enter");
        assertThat(dialog.getByLabel("Open 2025")).isFocused();
        page.keyboard().press("Enter");
        assertThat(page.locator("#folder-path [aria-current]")).hasText("2025");
        // The folder has loaded (focus lands on its crumb, as it has no folders) before the move is confirmed.
        assertThat(page.locator("#folder-path [aria-current]")).isFocused();
        page.locator("#folder-submit").press("Enter");

        assertThat(dialog).isHidden();
        assertThat(row("doc.txt")).hasCount(0);
        assertThat(page.locator("#status")).hasText("Moved “doc.txt” to “2025”.");
        assertThat(keysUnder(folder))
                .containsExactlyInAnyOrder(folder + "archive/2025/doc.txt", folder + "archive/2025/old.txt");
    }

    @Test
    void copyNextToTheOriginalKeepsBothAndAFolderCopiesWhole() {
        put(folder + "notes.txt", bytes("notes"));
        put(folder + "src/a.txt", bytes("a"));
        put(folder + "src/deep/b.txt", bytes("b"));
        put(folder + "dest/keep.txt", bytes("keep"));
        openFolder(folder);

        openMenu("notes.txt").getByText("Copy to…").click();
        assertThat(page.locator("#folder-conflict")).hasValue("rename");
        page.locator("#folder-submit").click();
        assertThat(row("notes (1).txt")).isVisible();
        assertThat(row("notes.txt")).isVisible();
        assertThat(page.locator("#status")).hasText("Copied “notes.txt” to “" + folderName() + "”.");

        openMenu("src").getByText("Copy to…").click();
        page.locator("#folder-dialog").getByLabel("Open dest").click();
        page.locator("#folder-submit").click();
        assertThat(page.locator("#status")).hasText("Copied “src” to “dest”.");
        assertThat(row("src")).isVisible();
        assertThat(keysUnder(folder))
                .containsExactlyInAnyOrder(
                        folder + "notes.txt",
                        folder + "notes (1).txt",
                        folder + "src/a.txt",
                        folder + "src/deep/b.txt",
                        folder + "dest/keep.txt",
                        folder + "dest/src/a.txt",
                        folder + "dest/src/deep/b.txt");
    }

    @Test
    void rowsDraggedOntoAFolderOrABreadcrumbMoveThere() {
        put(folder + "photo.jpg", bytes("jpg"));
        put(folder + "inbox/keep.txt", bytes("keep"));
        openFolder(folder);

        row("photo.jpg").dragTo(row("inbox"));
        assertThat(row("photo.jpg")).hasCount(0);
        assertThat(page.locator("#status")).hasText("Moved “photo.jpg” to “inbox”.");
        assertThat(keysUnder(folder)).containsExactlyInAnyOrder(folder + "inbox/keep.txt", folder + "inbox/photo.jpg");

        row("inbox").locator("a.name").click();
        assertThat(row("photo.jpg")).isVisible();
        Locator parentCrumb = page.locator("#crumbs a").getByText(folderName());
        row("photo.jpg").dragTo(parentCrumb);
        assertThat(row("photo.jpg")).hasCount(0);
        assertThat(keysUnder(folder)).containsExactlyInAnyOrder(folder + "inbox/keep.txt", folder + "photo.jpg");
    }

    @Test
    void aMoveThatIsRefusedShowsItsErrorAndIsAnnounced() {
        put(folder + "same.txt", bytes("here"));
        put(folder + "box/same.txt", bytes("there"));
        openFolder(folder);

        row("same.txt").dragTo(row("box"));

        Locator task = page.locator("#tasks .task[data-state=failed]");
        assertThat(task.locator(".task-state")).hasText("Could not move “same.txt” to “box”.");
        assertThat(task.locator(".task-errors li")).hasText("same.txt: Something of that name is already there.");
        assertThat(page.locator("#status"))
                .hasText("Could not move “same.txt” to “box”. same.txt: Something of that name is already there.");
        assertThat(row("same.txt")).isVisible();
        task.getByLabel("Dismiss: Moving “same.txt” to “box”").click();
        assertThat(page.locator("#tasks")).isHidden();
        assertThat(keysUnder(folder)).containsExactlyInAnyOrder(folder + "same.txt", folder + "box/same.txt");
    }

    @Test
    void deletingAFolderSaysHowManyFilesGoWithIt() {
        put(folder + "full/a.txt", bytes("a"));
        put(folder + "full/b.txt", bytes("b"));
        put(folder + "full/sub/c.txt", bytes("c"));
        put(folder + "stay.txt", bytes("stay"));
        openFolder(folder);
        List<String> questions = new CopyOnWriteArrayList<>();

        page.onceDialog(dialog -> {
            questions.add(dialog.message());
            dialog.dismiss();
        });
        row("full").getByLabel("Delete folder full").click();
        // The question comes after the files are counted, not at once.
        page.waitForCondition(() -> questions.size() == 1);
        assertThat(row("full")).isVisible();
        page.onceDialog(dialog -> {
            questions.add(dialog.message());
            dialog.accept();
        });
        row("full").getByLabel("Delete folder full").click();

        assertThat(row("full")).hasCount(0);
        assertThat(page.locator("#status")).hasText("Deleted the folder “full”.");
        assertThat(questions)
                .containsExactly(
                        "Delete the folder “full” and the 3 files in it? This cannot be undone.",
                        "Delete the folder “full” and the 3 files in it? This cannot be undone.");
        assertThat(keysUnder(folder)).containsExactly(folder + "stay.txt");
        assertThat(row("stay.txt").locator("a.name")).isFocused();
    }

    @Test
    void shiftClickSelectsARangeAndTheSelectionMovesAndIsDeleted() {
        for (String name : List.of("1.txt", "2.txt", "3.txt", "4.txt", "5.txt")) {
            put(folder + name, bytes(name));
        }
        put(folder + "target/t.txt", bytes("t"));
        openFolder(folder);

        row("2.txt").getByLabel("Select 2.txt").check();
        row("4.txt")
                .getByLabel("Select 4.txt")
                .click(new Locator.ClickOptions().setModifiers(List.of(KeyboardModifier.SHIFT)));
        assertThat(page.locator("#selection-count")).hasText("3 items selected");
        assertThat(row("3.txt").getByLabel("Select 3.txt")).isChecked();
        assertThat(row("5.txt").getByLabel("Select 5.txt")).not().isChecked();
        assertThat(page.locator("#select-all")).hasJSProperty("indeterminate", true);

        page.locator("#selection-move").click();
        assertThat(page.locator("#folder-title")).hasText("Move 3 items to…");
        page.locator("#folder-dialog").getByLabel("Open target").click();
        page.locator("#folder-submit").click();
        assertThat(page.locator("#status")).hasText("Moved 3 items to “target”.");
        assertThat(page.locator("#rows a.name .label")).hasText(new String[] {"target", "1.txt", "5.txt"});
        assertThat(page.locator("#selection-bar")).isHidden();

        page.getByLabel("Select all shown").check();
        assertThat(page.locator("#selection-count")).hasText("3 items selected");
        List<String> questions = new ArrayList<>();
        page.onceDialog(dialog -> {
            questions.add(dialog.message());
            dialog.accept();
        });
        page.locator("#selection-delete").click();
        assertThat(page.locator("#status")).hasText("Deleted 3 items.");
        assertThat(page.locator("#empty")).isVisible();
        assertThat(questions).containsExactly("Delete 2 files and 1 folder holding 4 files? This cannot be undone.");
        assertThat(keysUnder(folder)).isEmpty();
    }

    @Test
    void aFolderAndASelectionDownloadAsZip() throws IOException {
        put(folder + "album/one.txt", bytes("one"));
        put(folder + "album/inner/two.txt", bytes("two"));
        put(folder + "loose.txt", bytes("loose"));
        put(folder + "other.txt", bytes("other"));
        openFolder(folder);

        Download folderZip = page.waitForDownload(
                () -> row("album").getByLabel("Download album as ZIP").click());
        assertThat(entryNames(folderZip)).containsExactlyInAnyOrder("album/one.txt", "album/inner/two.txt");
        assertThat(page.locator("#status")).hasText("The ZIP of “album” is downloading.");
        Download shownZip =
                page.waitForDownload(() -> page.locator("#zip-folder").click());
        String top = folderName() + "/";
        assertThat(entryNames(shownZip))
                .containsExactlyInAnyOrder(
                        top + "album/one.txt", top + "album/inner/two.txt", top + "loose.txt", top + "other.txt");

        row("album").getByLabel("Select album").check();
        row("loose.txt").getByLabel("Select loose.txt").check();
        Download selectionZip =
                page.waitForDownload(() -> page.locator("#selection-zip").click());
        assertThat(page.locator("#status")).hasText("The ZIP of 2 items is downloading.");
        assertThat(entryNames(selectionZip))
                .containsExactlyInAnyOrder("album/one.txt", "album/inner/two.txt", "loose.txt");
    }

    @Test
    void aReaderSelectsAndDownloadsAZipButIsOfferedNothingThatChangesFiles() throws IOException {
        put(folder + "docs/a.txt", bytes("a"));
        put(folder + "b.txt", bytes("b"));
        BrowserContext readerContext = strangerContext();
        logIn(readerContext, TestTokens.READER_USER, TestTokens.READER_PASSWORD);
        Page reader = readerContext.newPage();
        reader.navigate(origin() + "/#/" + folder);
        Locator docs = reader.locator("#rows tr[data-key='" + folder + "docs/']");
        assertThat(docs).isVisible();

        assertThat(reader.locator("#new-folder")).isHidden();
        assertThat(reader.locator("#rows [data-action=menu]")).hasCount(0);
        assertThat(docs.locator("[data-action=delete]")).hasCount(0);
        assertThat(docs).not().hasAttribute("draggable", "true");
        reader.getByLabel("Select all shown").check();
        assertThat(reader.locator("#selection-count")).hasText("2 items selected");
        assertThat(reader.locator("#selection-move")).isHidden();
        assertThat(reader.locator("#selection-delete")).isHidden();
        Download zip =
                reader.waitForDownload(() -> reader.locator("#selection-zip").click());
        assertThat(entryNames(zip)).containsExactlyInAnyOrder("docs/a.txt", "b.txt");
    }

    /** Opens the "More actions" menu of the row {@code name} and returns the menu. */
    private Locator openMenu(String name) {
        row(name).getByLabel("More actions for " + name).click();
        Locator menu = page.locator("#row-menu");
        assertThat(menu).isVisible();
        return menu;
    }

    private String folderName() {
        return folder.substring(0, folder.length() - 1);
    }

    /** The entry names of a downloaded ZIP, files only (folder entries end in "/"). */
    private static List<String> entryNames(Download download) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(download.path().toFile(), StandardCharsets.UTF_8)) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (!entry.isDirectory()) {
                    names.add(entry.getName());
                }
            }
        }
        return names;
    }

    /** The sub-folders of {@code prefix} the API lists. */
    private List<String> subFolders(String prefix) {
        FileListing listing = client.get()
                .uri(uri("/api/v1/files?delimiter=/&prefix=" + encode(prefix)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(FileListing.class)
                .returnResult()
                .getResponseBody();
        return listing.prefixes();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
