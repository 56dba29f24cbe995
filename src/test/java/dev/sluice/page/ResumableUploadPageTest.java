package dev.sluice.page;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.RequestOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The page sends large files by tus in chunks, on a server of its own whose threshold is low (1 MB, 256 KB chunks):
 * when the network goes away mid-upload the page retries with back-off and resumes from the server's offset (one
 * upload created, nothing sent twice from zero), and after a reload picking the same file again resumes it from
 * the offset the server kept, not from zero.
 */
@TestPropertySource(properties = {"sluice.uploads.page-threshold=1MB", "sluice.uploads.page-chunk-size=256KB"})
class ResumableUploadPageTest extends PageTestSupport {

    /** The page's own tus URLs and an upload link's. */
    private static final Pattern TUS_URL = Pattern.compile("/api/v1/(s/[^/]+/)?uploads");

    /** A state folder of its own: the shared context holds the shared one's lock. */
    private static final Path OWN_STATE = ownState();

    @DynamicPropertySource
    static void ownStorage(DynamicPropertyRegistry registry) {
        registry.add("sluice.storage.state-dir", OWN_STATE::toString);
    }

    @TempDir
    Path files;

    @Test
    void aLostNetworkIsRetriedAndTheUploadResumesFromTheServersOffset() throws IOException {
        byte[] content = random(3_000_000, 41);
        Path file = Files.write(files.resolve("film.bin"), content);
        List<Request> creations = new CopyOnWriteArrayList<>();
        List<String> offsets = new CopyOnWriteArrayList<>();
        watchTus(creations, offsets);
        openFolder(folder);
        CDPSession network = network(600_000, false);

        page.locator("#file-input").setInputFiles(file);
        page.waitForResponse(
                response -> response.request().method().equals("PATCH") && response.status() == 204, () -> {});
        conditions(network, 600_000, true);
        assertThat(upload("film.bin").locator(".upload-detail")).containsText(Pattern.compile("retrying|Reconnecting"));
        conditions(network, -1, false);

        assertThat(upload("film.bin"))
                .hasAttribute(
                        "data-state",
                        "done",
                        new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions()
                                .setTimeout(60_000));
        assertThat(creations).hasSize(1);
        assertThat(offsets.stream().filter("0"::equals)).hasSize(1);
        assertThat(stored(folder + "film.bin")).isEqualTo(content);
    }

    @Test
    void afterAReloadPickingTheSameFileAgainResumesFromTheOffsetNotFromZero() throws IOException {
        byte[] content = random(3_000_000, 42);
        Path file = Files.write(files.resolve("album.zip"), content);
        List<Request> creations = new CopyOnWriteArrayList<>();
        List<String> offsets = new CopyOnWriteArrayList<>();
        watchTus(creations, offsets);
        page.onDialog(dialog -> dialog.accept());
        openFolder(folder);
        network(500_000, false);

        page.locator("#file-input").setInputFiles(file);
        for (int chunk = 0; chunk < 2; chunk++) {
            page.waitForResponse(
                    response -> response.request().method().equals("PATCH") && response.status() == 204, () -> {});
        }
        page.reload();
        assertThat(page.locator("#status")).containsText("Unfinished uploads: album.zip");
        // Listed as a row of its own, with how far the server got, waiting for the file.
        Locator unfinished = upload(folder + "album.zip");
        assertThat(unfinished).hasAttribute("data-state", "unfinished");
        assertThat(unfinished.locator(".upload-detail")).containsText("pick this file again to resume");
        assertThat(unfinished.locator(".upload-detail")).not().containsText("0 B of");
        unthrottleUploads();
        offsets.clear();
        creations.clear();

        page.locator("#file-input").setInputFiles(file);

        // That row goes on: no second row for the same file.
        assertThat(unfinished).hasAttribute("data-state", "done");
        assertThat(page.locator("#upload-list li")).hasCount(1);
        assertThat(creations).isEmpty();
        assertThat(offsets).isNotEmpty();
        assertThat(Long.parseLong(offsets.get(0))).isGreaterThanOrEqualTo(512 * 1024);
        assertThat(stored(folder + "album.zip")).isEqualTo(content);
    }

    @Test
    void anUnfinishedUploadListedAfterARestartOfTheBrowserCanBeRemovedWithItsBytesOnTheServer() throws IOException {
        Path file = Files.write(files.resolve("draft.bin"), random(3_000_000, 43));
        page.onDialog(dialog -> dialog.accept());
        openFolder(folder);
        network(500_000, false);
        page.locator("#file-input").setInputFiles(file);
        page.waitForResponse(
                response -> response.request().method().equals("PATCH") && response.status() == 204, () -> {});
        String url = (String) page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('sluice-tus:'))"
                + ".map(k => JSON.parse(localStorage.getItem(k)).url)[0]");
        // A browser restart: a new page of the same profile (localStorage stays, nothing runs any more).
        com.microsoft.playwright.Page previous = page;
        page = context.newPage();
        previous.close();
        openFolder(folder);

        Locator unfinished = upload(folder + "draft.bin");
        assertThat(unfinished).hasAttribute("data-state", "unfinished");
        assertThat(headStatus(url, 200)).isEqualTo(200);
        unfinished
                .getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Remove unfinished upload of " + folder + "draft.bin"))
                .click();

        assertThat(unfinished).hasCount(0);
        assertThat(page.locator("#status")).containsText("Removed the unfinished upload");
        assertThat((Object) page.evaluate("() => Object.keys(localStorage).some(k => k.startsWith('sluice-tus:'))"))
                .isEqualTo(false);
        assertThat(headStatus(url, 404)).isEqualTo(404);
        page.reload();
        assertThat(page.locator("#upload-list li")).hasCount(0);
    }

    /**
     * An upload link's page sends a large file by tus through the link, with the limits the link's description
     * gives (no account), and lists an unfinished one after a reload to resume it from the server's offset.
     */
    @Test
    void anUploadLinksPageSendsLargeFilesByTusAndResumesThemAfterAReload() throws IOException {
        byte[] content = random(3_000_000, 44);
        Path file = Files.write(files.resolve("scan.tif"), content);
        String url = client.post()
                .uri("/api/v1/shares")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(java.util.Map.of("prefix", folder, "expiresIn", "PT1H", "permission", "upload"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(tools.jackson.databind.JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("url")
                .asString();
        String token = url.substring(url.indexOf("/s/") + 3);
        List<Request> creations = new CopyOnWriteArrayList<>();
        List<String> offsets = new CopyOnWriteArrayList<>();
        watchTus(creations, offsets);
        page.onDialog(dialog -> dialog.accept());
        page.navigate(origin() + "/s/" + token);
        assertThat(page.locator("#share-upload")).isVisible();
        network(500_000, false);

        page.locator("#file-input").setInputFiles(file);
        for (int chunk = 0; chunk < 2; chunk++) {
            page.waitForResponse(
                    response -> response.request().method().equals("PATCH") && response.status() == 204, () -> {});
        }
        assertThat(creations).hasSize(1);
        assertThat(creations.get(0).url()).contains("/api/v1/s/" + token + "/uploads");
        page.reload();
        assertThat(page.locator("#share-upload")).isVisible();
        Locator unfinished = upload("scan.tif");
        assertThat(unfinished).hasAttribute("data-state", "unfinished");
        unthrottleUploads();
        offsets.clear();
        creations.clear();

        page.locator("#file-input").setInputFiles(file);

        assertThat(unfinished).hasAttribute("data-state", "done");
        assertThat(creations).isEmpty();
        assertThat(Long.parseLong(offsets.get(0))).isGreaterThanOrEqualTo(512 * 1024);
        assertThat(stored(folder + "scan.tif")).isEqualTo(content);
    }

    /** The status of a HEAD of the upload URL as the page's user, until it is {@code wanted} (bounded). */
    private int headStatus(String url, int wanted) {
        int status = 0;
        for (int attempt = 0; attempt < 50 && status != wanted; attempt++) {
            status = page.request()
                    .head(origin() + url, RequestOptions.create().setHeader("Tus-Resumable", "1.0.0"))
                    .status();
            if (status != wanted) {
                page.waitForTimeout(100);
            }
        }
        return status;
    }

    private void watchTus(List<Request> creations, List<String> offsets) {
        page.onRequest(request -> {
            if (!TUS_URL.matcher(request.url()).find()) {
                return;
            }
            if (request.method().equals("POST")) {
                creations.add(request);
            } else if (request.method().equals("PATCH")) {
                offsets.add(request.headers().get("upload-offset"));
            }
        });
    }

    private CDPSession network(int uploadBytesPerSecond, boolean offline) {
        CDPSession session = context.newCDPSession(page);
        session.send("Network.enable");
        conditions(session, uploadBytesPerSecond, offline);
        return session;
    }

    private static void conditions(CDPSession session, int uploadBytesPerSecond, boolean offline) {
        JsonObject conditions = new JsonObject();
        conditions.addProperty("offline", offline);
        conditions.addProperty("latency", 0);
        conditions.addProperty("downloadThroughput", -1);
        conditions.addProperty("uploadThroughput", uploadBytesPerSecond);
        session.send("Network.emulateNetworkConditions", conditions);
    }

    private byte[] stored(String key) {
        return client.mutate()
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024))
                .build()
                .get()
                .uri(files(key))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static Path ownState() {
        try {
            return Files.createTempDirectory("sluice-tus-page");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
