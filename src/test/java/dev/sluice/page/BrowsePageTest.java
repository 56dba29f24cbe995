package dev.sluice.page;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Browsing from the page: download, folders and breadcrumbs, delete, sorting, paging, and no outside request. */
class BrowsePageTest extends PageTestSupport {

    @Test
    void aDownloadedFileHasTheBytesThatWereUploaded() throws IOException {
        byte[] content = new byte[150_000];
        new Random(7).nextBytes(content);
        openFolder(folder);
        page.locator("#file-input")
                .setInputFiles(new FilePayload("report #1.bin", "application/octet-stream", content));
        assertThat(upload("report #1.bin")).hasAttribute("data-state", "done");

        Download download = page.waitForDownload(
                () -> row("report #1.bin").getByLabel("Download report #1.bin").click());

        assertThat(download.suggestedFilename()).isEqualTo("report #1.bin");
        assertThat(download.url()).isEqualTo(origin() + "/api/v1/files/" + folder + "report%20%231.bin?download=true");
        assertThat(Files.readAllBytes(download.path())).isEqualTo(content);
    }

    @Test
    void subFoldersOpenAndBreadcrumbsLeadBack() {
        put(folder + "a/b/deep.txt", bytes("deep"));
        put(folder + "a/top.txt", bytes("top"));
        openFolder(folder);

        row("a").locator("a.name").click();
        assertThat(page.locator("#folder-heading")).hasText("a");
        assertThat(row("top.txt")).isVisible();
        row("b").locator("a.name").click();
        assertThat(page.locator("#folder-heading")).hasText("b");
        assertThat(row("deep.txt")).isVisible();
        Locator crumbs = page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Folder path"))
                .locator("a");
        assertThat(crumbs).hasText(new String[] {"All files", folder.substring(0, folder.length() - 1), "a", "b"});
        assertThat(crumbs.last()).hasAttribute("aria-current", "page");
        assertThat(page).hasURL(origin() + "/#/" + folder + "a/b/");

        crumbs.getByText("a", new Locator.GetByTextOptions().setExact(true)).click();
        assertThat(page.locator("#folder-heading")).hasText("a");
        assertThat(row("b")).isVisible();
        crumbs.nth(1).click();
        assertThat(page.locator("#folder-heading")).hasText(folder.substring(0, folder.length() - 1));
        assertThat(row("a")).isVisible();

        page.goBack();
        assertThat(page.locator("#folder-heading")).hasText("a");
    }

    @Test
    void deleteAsksForConfirmationAndRemovesTheFile() {
        put(folder + "keep.txt", bytes("keep"));
        put(folder + "drop.txt", bytes("drop"));
        openFolder(folder);
        List<String> questions = new CopyOnWriteArrayList<>();

        page.onceDialog(dialog -> {
            questions.add(dialog.message());
            dialog.dismiss();
        });
        row("drop.txt").getByLabel("Delete drop.txt").click();
        assertThat(row("drop.txt")).isVisible();
        assertThat(keysUnder(folder)).contains(folder + "drop.txt");

        page.onceDialog(dialog -> {
            questions.add(dialog.message());
            dialog.accept();
        });
        row("drop.txt").getByLabel("Delete drop.txt").click();
        assertThat(row("drop.txt")).hasCount(0);
        assertThat(page.locator("#status")).hasText("Deleted drop.txt.");
        assertThat(questions)
                .containsExactly(
                        "Delete “drop.txt”? This cannot be undone.", "Delete “drop.txt”? This cannot be undone.");
        assertThat(keysUnder(folder)).containsExactly(folder + "keep.txt");
        assertThat(row("keep.txt")).isVisible();
    }

    @Test
    void columnHeadersSortTheLoadedRows() {
        put(folder + "b-middle.txt", new byte[2000]);
        put(folder + "a-small.txt", new byte[10]);
        put(folder + "c-large.txt", new byte[50_000]);
        put(folder + "sub/x.txt", new byte[1]);
        openFolder(folder);
        Locator names = page.locator("#rows a.name .label");
        assertThat(names).hasText(new String[] {"sub", "a-small.txt", "b-middle.txt", "c-large.txt"});
        // Rows are laid out as grids; the table keeps its semantics for assistive technology through explicit roles.
        Locator table = page.getByRole(
                AriaRole.TABLE, new Page.GetByRoleOptions().setName(folder.substring(0, folder.length() - 1)));
        assertThat(table.getByRole(AriaRole.ROW)).hasCount(5);
        assertThat(table.getByRole(AriaRole.COLUMNHEADER, new Locator.GetByRoleOptions().setName("Size")))
                .isVisible();

        page.locator("th button[data-sort=size]").click();
        assertThat(page.locator("th.size")).hasAttribute("aria-sort", "ascending");
        assertThat(names).hasText(new String[] {"sub", "a-small.txt", "b-middle.txt", "c-large.txt"});
        page.locator("th button[data-sort=size]").click();
        assertThat(page.locator("th.size")).hasAttribute("aria-sort", "descending");
        assertThat(names).hasText(new String[] {"sub", "c-large.txt", "b-middle.txt", "a-small.txt"});
        page.locator("th button[data-sort=name]").click();
        assertThat(page.locator("th.size")).not().hasAttribute("aria-sort", "descending");
        assertThat(names).hasText(new String[] {"sub", "a-small.txt", "b-middle.txt", "c-large.txt"});
    }

    @Test
    void copyLinkPutsTheFilesAbsoluteUrlOnTheClipboard() {
        context.grantPermissions(List.of("clipboard-read", "clipboard-write"));
        put(folder + "shared%20file.txt", bytes("shared"));
        openFolder(folder);

        row("shared file.txt").getByLabel("Copy link to shared file.txt").click();

        assertThat(page.locator("#status")).hasText("Link to shared file.txt copied.");
        assertThat(page.evaluate("() => navigator.clipboard.readText()"))
                .isEqualTo(origin() + "/api/v1/files/" + folder + "shared%20file.txt");
    }

    @Test
    void aLargeFolderIsListedPageByPageWithLoadMore() {
        for (int i = 0; i < 250; i++) {
            put(folder + String.format("item-%03d.txt", i), bytes("#" + i));
        }
        List<String> listRequests = new CopyOnWriteArrayList<>();
        page.onRequest(request -> {
            if (request.url().contains("/api/v1/files?")) {
                listRequests.add(request.url());
            }
        });
        openUrl("/?limit=100#/" + folder);
        Locator rows = page.locator("#rows tr");
        assertThat(rows).hasCount(100);
        assertThat(page.locator("#count")).hasText("0 folders · 100 files shown, more to load");

        Locator loadMore = page.locator("#load-more");
        loadMore.click();
        assertThat(rows).hasCount(200);
        assertThat(page.locator("#count")).hasText("0 folders · 200 files shown, more to load");
        loadMore.click();
        assertThat(rows).hasCount(250);
        assertThat(loadMore).isHidden();
        assertThat(page.locator("#count")).hasText("0 folders · 250 files");
        assertThat(rows.last().locator("a.name .label")).hasText("item-249.txt");
        assertThat(listRequests).hasSize(3).allSatisfy(url -> assertThat(url).contains("limit=100"));
    }

    @Test
    void thePageMakesNoRequestOutsideTheServer() {
        List<String> urls = new CopyOnWriteArrayList<>();
        page.onRequest(request -> urls.add(request.url()));
        put(folder + "sub/inner.txt", bytes("inner"));
        openFolder(folder);
        page.locator("#file-input").setInputFiles(new FilePayload("note.txt", "text/plain", bytes("note")));
        assertThat(row("note.txt")).isVisible();
        row("sub").locator("a.name").click();
        assertThat(row("inner.txt")).isVisible();

        assertThat(urls)
                .isNotEmpty()
                .anySatisfy(url -> assertThat(url).endsWith("/js/main.js"))
                .anySatisfy(url -> assertThat(url).endsWith("/app.css"))
                .allSatisfy(url -> assertThat(url).startsWith(origin() + "/"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
