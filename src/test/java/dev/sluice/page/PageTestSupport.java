package dev.sluice.page;

import com.google.gson.JsonObject;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.sluice.files.FileListing;
import dev.sluice.testing.ApiTestSupport;
import dev.sluice.testing.Browser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the page's real-browser tests: the shared API test server, one Chromium per test class and a fresh
 * browser context (no cookies, cache or storage from another test) per test. Each test works in its own folder.
 */
abstract class PageTestSupport extends ApiTestSupport {

    static {
        // Short waits: everything runs on loopback, and a failing test should fail fast on a 2-core machine.
        PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
    }

    private static Browser browser;

    protected BrowserContext context;
    protected Page page;

    @BeforeAll
    static void launchBrowser() {
        browser = Browser.launch();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void newContext() {
        context = browser.chromium().newContext(contextOptions());
        context.setDefaultTimeout(15_000);
        // For now the browser is let in without the page's login (the page's own work, issue #5): the admin token
        // on every request the page makes (so no CSRF token is needed), and a session cookie for what Chromium
        // fetches without those headers (downloads).
        context.setExtraHTTPHeaders(java.util.Map.of("Authorization", dev.sluice.testing.TestTokens.BEARER));
        context.addCookies(java.util.List.of(new com.microsoft.playwright.options.Cookie("SLUICE_SESSION",
                sessionCookie()).setUrl(origin())));
        page = context.newPage();
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    /** The options of each test's context; screenshot tests choose their own size and colour scheme. */
    protected com.microsoft.playwright.Browser.NewContextOptions contextOptions() {
        return new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1280, 800);
    }

    /**
     * Slows this page's uploads to {@code bytesPerSecond} with Chromium's network emulation, so that an upload stays
     * in progress long enough to be seen, cancelled or photographed.
     */
    protected void throttleUploads(int bytesPerSecond) {
        CDPSession cdp = context.newCDPSession(page);
        cdp.send("Network.enable");
        JsonObject conditions = new JsonObject();
        conditions.addProperty("offline", false);
        conditions.addProperty("latency", 0);
        conditions.addProperty("downloadThroughput", -1);
        conditions.addProperty("uploadThroughput", bytesPerSecond);
        cdp.send("Network.emulateNetworkConditions", conditions);
    }

    /** A session cookie of the test admin user, from a real login. */
    private String sessionCookie() {
        var anonymous = client.mutate().defaultHeaders(headers -> headers.remove("Authorization")).build();
        String xsrf = anonymous.get().uri(uri("/api/v1/me"))
                .exchange().expectBody().returnResult().getResponseCookies().getFirst("XSRF-TOKEN").getValue();
        return anonymous.post().uri(uri("/login")).cookie("XSRF-TOKEN", xsrf).header("X-XSRF-TOKEN", xsrf)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(java.util.Map.of("name", dev.sluice.testing.TestTokens.PAGE_USER,
                        "password", dev.sluice.testing.TestTokens.PAGE_PASSWORD))
                .exchange().expectStatus().isOk().expectBody().returnResult()
                .getResponseCookies().getFirst("SLUICE_SESSION").getValue();
    }

    /** The server's origin, as the page sees it. */
    protected String origin() {
        return "http://localhost:" + port;
    }

    /** Opens the page on {@code folderPath} (ending in '/') and waits until its listing has loaded. */
    protected void openFolder(String folderPath) {
        openUrl("/#/" + folderPath);
    }

    /** Opens a path and query of the page (such as {@code /?limit=100#/folder/}) and waits for its listing. */
    protected void openUrl(String pathQueryAndHash) {
        page.navigate(origin() + pathQueryAndHash);
        PlaywrightAssertions.assertThat(page.locator("#listing")).hasAttribute("aria-busy", "false");
    }

    /** The row of the file or folder called {@code name} in the listing. */
    protected Locator row(String name) {
        return page.locator("#rows tr").filter(new Locator.FilterOptions()
                .setHas(page.locator("a.name .label").getByText(name, new Locator.GetByTextOptions().setExact(true))));
    }

    /** The upload list item for {@code path} (the file's path relative to the drop). */
    protected Locator upload(String path) {
        return page.locator("#upload-list li").filter(new Locator.FilterOptions()
                .setHas(page.locator(".upload-name").getByText(path, new Locator.GetByTextOptions().setExact(true))));
    }

    /** Every key under {@code prefix}, all pages, through the API. */
    protected List<String> keysUnder(String prefix) {
        List<String> keys = new ArrayList<>();
        String cursor = null;
        do {
            FileListing page = client.get().uri(uri("/api/v1/files?limit=1000&prefix=" + encode(prefix)
                            + (cursor == null ? "" : "&cursor=" + encode(cursor))))
                    .exchange().expectStatus().isOk()
                    .expectBody(FileListing.class).returnResult().getResponseBody();
            page.items().forEach(item -> keys.add(item.key()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return keys;
    }

    protected static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
