package dev.sluice.page;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Request;
import com.microsoft.playwright.options.FilePayload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploading from the page: file picker, folder picker, drop, limits, conflicts. */
class UploadPageTest extends PageTestSupport {

    @TempDir
    Path files;

    @Test
    void theFilePickerUploadsSeveralFilesIntoTheCurrentFolder() throws IOException {
        Path a = write("a.txt", "alpha");
        Path b = write("b b.bin", new byte[300_000]);
        Path c = write("café & co.txt", "crème");
        openFolder(folder);
        assertThat(page.locator("#empty")).isVisible();

        page.locator("#file-input").setInputFiles(new Path[] {a, b, c});

        assertThat(page.locator("#upload-total")).hasText("3 files uploaded");
        for (String name : List.of("a.txt", "b b.bin", "café & co.txt")) {
            assertThat(upload(name)).hasAttribute("data-state", "done");
            assertThat(row(name)).isVisible();
        }
        assertThat(row("b b.bin").locator(".size")).hasText("293 KiB");
        assertThat(keysUnder(folder))
                .containsExactlyInAnyOrder(folder + "a.txt", folder + "b b.bin", folder + "café & co.txt");
    }

    @Test
    void theFolderPickerKeepsRelativePaths() throws IOException {
        Path album = Files.createDirectories(files.resolve("album"));
        Files.createDirectories(album.resolve("2025/deep"));
        Files.writeString(album.resolve("cover.txt"), "cover");
        Files.writeString(album.resolve("2025/a.txt"), "a");
        Files.writeString(album.resolve("2025/deep/b.txt"), "b");
        openFolder(folder);

        page.locator("#folder-input").setInputFiles(album);

        assertThat(page.locator("#upload-total")).hasText("3 files uploaded");
        assertThat(upload("album/2025/deep/b.txt")).hasAttribute("data-state", "done");
        assertThat(row("album")).isVisible();
        assertThat(keysUnder(folder))
                .containsExactlyInAnyOrder(
                        folder + "album/cover.txt", folder + "album/2025/a.txt", folder + "album/2025/deep/b.txt");

        row("album").locator("a.name").click();
        assertThat(page.locator("#folder-heading")).hasText("album");
        assertThat(row("2025")).isVisible();
        assertThat(row("cover.txt")).isVisible();
    }

    @Test
    void droppedFilesAreUploadedAndListed() {
        openFolder(folder);

        page.evaluate("""
                () => {
                  const transfer = new DataTransfer();
                  transfer.items.add(new File(['dropped one'], 'one.txt', { type: 'text/plain' }));
                  transfer.items.add(new File([new Uint8Array(2048)], 'two.bin'));
                  const zone = document.querySelector('#dropzone');
                  for (const type of ['dragenter', 'dragover', 'drop']) {
                    const event = new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true });
                    zone.dispatchEvent(event);
                  }
                }""");

        assertThat(page.locator("#upload-total")).hasText("2 files uploaded");
        assertThat(row("one.txt")).isVisible();
        assertThat(row("two.bin").locator(".size")).hasText("2 KiB");
        assertThat(keysUnder(folder)).containsExactlyInAnyOrder(folder + "one.txt", folder + "two.bin");
    }

    @Test
    void aFileOverTheLimitIsRefusedOnThePageAndNothingIsSent() throws IOException {
        Path big = write("big.bin", new byte[MAX_FILE_SIZE + 1]);
        Path small = write("small.txt", "fits");
        List<Request> posts = new CopyOnWriteArrayList<>();
        page.onRequest(request -> {
            if (request.method().equals("POST")) {
                posts.add(request);
            }
        });
        openFolder(folder);
        assertThat(page.locator("#limit-hint")).hasText("Up to 4 MiB per file.");

        page.locator("#file-input").setInputFiles(new Path[] {big, small});

        assertThat(upload("big.bin")).hasAttribute("data-state", "refused");
        assertThat(upload("big.bin").locator(".upload-detail"))
                .hasText("Too large: 4,194,305 bytes is over this server's limit of 4,194,304 bytes (4 MiB) per file.");
        assertThat(page.locator("#upload-total")).hasText("1 file uploaded · 1 too large");
        assertThat(keysUnder(folder)).containsExactly(folder + "small.txt");
        assertThat(posts).hasSize(1);
    }

    @Test
    void theServersProblemIsShownNextToTheFileAndNothingIsStored() {
        // Pretend the page was told a larger limit, so that the server itself refuses the file mid-stream.
        page.route(
                "**/api/v1/limits",
                route -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                        .setContentType("application/json")
                        .setBody("{\"maxFileSize\":1099511627776,\"maxParts\":1000}")));
        openFolder(folder);

        page.locator("#file-input")
                .setInputFiles(
                        new FilePayload("huge.bin", "application/octet-stream", new byte[MAX_FILE_SIZE + 100_000]));

        assertThat(upload("huge.bin")).hasAttribute("data-state", "failed");
        assertThat(upload("huge.bin").locator(".upload-detail"))
                .hasText("The file is larger than the limit of " + MAX_FILE_SIZE + " bytes");
        assertThat(page.locator("#upload-total")).hasText("0 files uploaded · 1 failed");
        assertThat(keysUnder(folder)).isEmpty();
    }

    @Test
    void aSecondFileOfTheSameNameIsRenamedUnlessReplaceIsChosen() {
        put(folder + "same.txt", "old".getBytes(StandardCharsets.UTF_8));
        openFolder(folder);

        page.locator("#file-input").setInputFiles(payload("same.txt", "renamed"));
        assertThat(upload("same.txt")).hasAttribute("data-state", "done");
        assertThat(upload("same.txt").locator(".upload-detail")).containsText("saved as “same (1).txt”");
        assertThat(row("same (1).txt")).isVisible();

        page.locator("#replace").check();
        page.locator("#clear-finished").click();
        page.locator("#file-input").setInputFiles(payload("same.txt", "replaced"));
        assertThat(upload("same.txt")).hasAttribute("data-state", "done");
        assertThat(upload("same.txt").locator(".upload-detail")).not().containsText("saved as");
        assertThat(keysUnder(folder)).containsExactlyInAnyOrder(folder + "same.txt", folder + "same (1).txt");
        assertThat(content(folder + "same.txt")).isEqualTo("replaced");
        assertThat(content(folder + encode("same (1).txt").replace("+", "%20"))).isEqualTo("renamed");
    }

    @Test
    void cancellingAnUploadStopsItAndStoresNothing() {
        openFolder(folder);
        throttleUploads(256 * 1024);

        page.locator("#file-input")
                .setInputFiles(new FilePayload("slow.bin", "application/octet-stream", new byte[3 * 1024 * 1024]));
        assertThat(upload("slow.bin")).hasAttribute("data-state", "uploading");
        assertThat(upload("slow.bin").locator(".upload-detail")).containsText(" left");
        assertThat(page.locator("#upload-total")).containsText("0 of 1 file uploaded");

        upload("slow.bin").getByLabel("Cancel upload of slow.bin").click();

        assertThat(upload("slow.bin")).hasAttribute("data-state", "cancelled");
        assertThat(page.locator("#upload-total")).hasText("0 files uploaded · 1 cancelled");
        assertThat(keysUnder(folder)).isEmpty();
    }

    private String content(String rawKey) {
        return client.get()
                .uri(files(rawKey))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    private static FilePayload payload(String name, String text) {
        return new FilePayload(name, "text/plain", text.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(files.resolve(name), content);
    }
}
