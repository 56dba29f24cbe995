package dev.sluice.page;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Share links end to end in a real browser: made on the page by a logged-in user, opened in a stranger's browser
 * (a fresh context, no session, no cookie) and revoked from the page's list.
 */
class SharePageTest extends PageTestSupport {

    @Test
    void aReadLinkToAFileDownloadsInABrowserWithoutASession() throws IOException {
        byte[] content = random(120_000);
        openFolder(folder);
        page.locator("#file-input").setInputFiles(new FilePayload("report.bin", "application/octet-stream", content));
        assertThat(row("report.bin")).isVisible();
        context.grantPermissions(List.of("clipboard-read", "clipboard-write"));

        String url = createLink(row("report.bin").getByLabel("Share report.bin"), "P7D", null);
        page.locator("#share-copy").click();
        assertThat(page.locator("#status")).hasText("Link copied.");
        assertThat(page.evaluate("() => navigator.clipboard.readText()")).isEqualTo(url);
        assertThat(url).startsWith(origin() + "/s/");

        Page stranger = strangerContext().newPage();
        // Any HTML page of the origin to click the link from (the anchor's download attribute needs the same origin).
        stranger.navigate(origin() + "/share.html");
        Download download = stranger.waitForDownload(() -> stranger.evaluate(
                "url => {"
                        + " const a = document.createElement('a'); a.href = url; a.download = ''; document.body.append(a);"
                        + " a.click(); }",
                url));
        assertThat(Files.readAllBytes(download.path())).isEqualTo(content);
        assertThat(strangerCookies(stranger.context())).noneMatch(name -> name.equals("SLUICE_SESSION"));
    }

    @Test
    void aReadLinkToAFolderListsPagesAndDownloads() throws IOException {
        byte[] first = random(3000);
        put(folder + "album/a.bin", first);
        put(folder + "album/b.txt", "b".getBytes(StandardCharsets.UTF_8));
        put(folder + "album/c.txt", "c".getBytes(StandardCharsets.UTF_8));
        put(folder + "album/inner/deep.txt", "deep".getBytes(StandardCharsets.UTF_8));
        put(folder + "outside.txt", "not shared".getBytes(StandardCharsets.UTF_8));
        openFolder(folder);

        String url = createLink(row("album").getByLabel("Share album"), "PT1H", "read");

        Page stranger = strangerContext().newPage();
        stranger.navigate(url + "?limit=2");
        Locator rows = stranger.locator("#rows tr");
        assertThat(stranger.locator("#folder-heading")).hasText("Shared folder");
        assertThat(rows).hasCount(2);
        assertThat(stranger.locator("#load-more")).isVisible();
        stranger.locator("#load-more").click();
        assertThat(rows).hasCount(4);
        assertThat(stranger.locator("#load-more")).isHidden();
        // Pages arrive in the server's order (a folder may come on a later page) and are appended as they come.
        assertThat(stranger.locator("#rows a.name .label").allTextContents())
                .containsExactlyInAnyOrder("inner", "a.bin", "b.txt", "c.txt");

        Download download = stranger.waitForDownload(
                () -> stranger.getByLabel("Download a.bin").click());
        assertThat(Files.readAllBytes(download.path())).isEqualTo(first);

        // "Download all": what the link sees, as one ZIP, names relative to the shared folder
        Download all =
                stranger.waitForDownload(() -> stranger.locator("#download-all").click());
        assertThat(all.suggestedFilename()).isEqualTo("album.zip");
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(all.path().toFile())) {
            assertThat(zip.stream().map(java.util.zip.ZipEntry::getName))
                    .containsExactly("a.bin", "b.txt", "c.txt", "inner/", "inner/deep.txt");
            try (java.io.InputStream in = zip.getInputStream(zip.getEntry("a.bin"))) {
                assertThat(in.readAllBytes()).isEqualTo(first);
            }
        }

        stranger.locator("#rows a.name").getByText("inner").click();
        assertThat(stranger.locator("#folder-heading")).hasText("inner");
        assertThat(stranger.locator("#rows a.name .label")).hasText(new String[] {"deep.txt"});
        assertThat(stranger.locator("#crumbs a")).hasText(new String[] {"Shared folder", "inner"});
        assertThat(stranger.getByText("outside.txt")).hasCount(0);
    }

    @Test
    void anUploadLinkTakesFilesWithoutShowingWhatIsThere() {
        put(folder + "inbox/taken.txt", "first".getBytes(StandardCharsets.UTF_8));
        openFolder(folder);

        String url = createLink(row("inbox").getByLabel("Share inbox"), "P1D", "upload");

        Page stranger = strangerContext().newPage();
        stranger.navigate(url);
        assertThat(stranger.locator("#share-upload")).isVisible();
        assertThat(stranger.locator("#share-read")).isHidden();
        assertThat(stranger.getByText("taken.txt")).hasCount(0);

        stranger.locator("#file-input").setInputFiles(new FilePayload[] {
            new FilePayload("taken.txt", "text/plain", "second".getBytes(StandardCharsets.UTF_8)),
            new FilePayload("new.txt", "text/plain", "new".getBytes(StandardCharsets.UTF_8))
        });

        assertThat(stranger.locator("#upload-total")).hasText("2 files uploaded");
        assertThat(stranger.locator("#upload-list")).not().containsText("saved as");
        assertThat(keysUnder(folder + "inbox/"))
                .containsExactlyInAnyOrder(
                        folder + "inbox/taken.txt", folder + "inbox/taken (1).txt", folder + "inbox/new.txt");
        assertThat(content(folder + "inbox/taken.txt")).isEqualTo("first");
    }

    @Test
    void aRevokedLinkShowsWhyItNoLongerWorks() {
        put(folder + "gone/x.txt", "x".getBytes(StandardCharsets.UTF_8));
        openFolder(folder);
        String url = createLink(row("gone").getByLabel("Share gone"), "P1D", "read");
        page.locator("#share-dialog [data-close]").first().click();

        Page stranger = strangerContext().newPage();
        stranger.navigate(url);
        assertThat(stranger.locator("#rows a.name .label")).hasText(new String[] {"x.txt"});

        page.locator("#open-shares").click();
        Locator item = page.locator("#shares-list li").filter(new Locator.FilterOptions().setHasText(folder + "gone/"));
        assertThat(item).hasCount(1);
        page.onceDialog(dialog -> dialog.accept());
        item.getByRole(
                        com.microsoft.playwright.options.AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Revoke the link to " + folder + "gone/"))
                .click();
        assertThat(item.locator(".share-state")).hasText("Revoked");
        assertThat(page.locator("#status")).hasText("Link to " + folder + "gone/ revoked.");

        stranger.navigate(url);
        assertThat(stranger.locator("#share-error")).isVisible();
        assertThat(stranger.locator("#error-heading")).hasText("This link does not work");
        assertThat(stranger.locator("#error-detail")).hasText("This share link was revoked");
        assertThat(stranger.locator("#share-read")).isHidden();
    }

    @Test
    void aTamperedLinkShowsTheErrorView() {
        put(folder + "t/x.txt", "x".getBytes(StandardCharsets.UTF_8));
        openFolder(folder);
        String url = createLink(row("t").getByLabel("Share t"), "PT1H", "read");
        String tampered = url.substring(0, url.length() - 2) + (url.endsWith("A") ? "BB" : "AA");

        Page stranger = strangerContext().newPage();
        stranger.navigate(tampered);
        assertThat(stranger.locator("#share-error")).isVisible();
        assertThat(stranger.locator("#error-detail")).hasText("This share link is not valid");
        assertThat(stranger.locator("#rows tr")).hasCount(0);
    }

    /**
     * Opens the share dialog with {@code shareButton}, picks the expiry and permission ({@code null}: the default),
     * creates the link and returns its absolute URL.
     */
    private String createLink(Locator shareButton, String expiresIn, String permission) {
        shareButton.click();
        Locator dialog = page.locator("#share-dialog");
        assertThat(dialog).isVisible();
        if (permission != null) {
            dialog.locator("input[name=permission][value=" + permission + "]").check();
        }
        dialog.locator("#share-expiry").selectOption(expiresIn);
        dialog.locator("#share-create").click();
        assertThat(dialog.locator("#share-url")).not().hasValue("");
        assertThat(dialog.locator("#share-url")).isFocused();
        return dialog.locator("#share-url").inputValue();
    }

    private String content(String rawKey) {
        return client.get()
                .uri(files(rawKey.replace(" ", "%20")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    private List<String> strangerCookies(BrowserContext stranger) {
        return stranger.cookies().stream().map(cookie -> cookie.name).toList();
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
