package dev.sluice.page;

import com.google.gson.JsonObject;
import com.microsoft.playwright.APIRequestContext;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.RequestOptions;
import dev.sluice.files.FileListing;
import dev.sluice.testing.ApiTestSupport;
import dev.sluice.testing.Browser;
import dev.sluice.testing.TestTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the page's real-browser tests: the shared API test server (security on), one Chromium per test class and a
 * fresh browser context (no cookies, cache or storage from another test) per test, logged in as the test admin user
 * through the real login endpoint unless {@link #logsIn()} says otherwise. Each test works in its own folder.
 */
abstract class PageTestSupport extends ApiTestSupport {

    static {
        // Short waits: everything runs on loopback, and a failing test should fail fast on a 2-core machine.
        PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
    }

    private static Browser browser;

    protected BrowserContext context;
    protected Page page;
    /** The DevTools session of {@link #throttleUploads}, for the context of the moment. */
    private CDPSession throttle;

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

    private final List<BrowserContext> extraContexts = new ArrayList<>();

    @BeforeEach
    void newContext() {
        context = browser.chromium().newContext(contextOptions());
        throttle = null;
        context.setDefaultTimeout(15_000);
        if (logsIn()) {
            logIn(context, TestTokens.PAGE_USER, TestTokens.PAGE_PASSWORD);
        }
        page = context.newPage();
    }

    @AfterEach
    void closeContext() {
        extraContexts.forEach(BrowserContext::close);
        extraContexts.clear();
        if (context != null) {
            context.close();
        }
    }

    /** Whether each test's context starts logged in as the admin user; the login form's own tests say no. */
    protected boolean logsIn() {
        return true;
    }

    /**
     * Logs {@code browserContext} in as {@code name} the way the page does: the CSRF cookie from {@code GET
     * /api/v1/me}, then {@code POST /login} with its value in {@code X-XSRF-TOKEN}. The context's request API shares
     * its cookie jar, so the session cookie lands where the page's requests find it.
     */
    protected void logIn(BrowserContext browserContext, String name, String password) {
        APIRequestContext http = browserContext.request();
        APIResponse me = http.get(origin() + "/api/v1/me");
        org.assertj.core.api.Assertions.assertThat(me.status()).isEqualTo(200);
        String xsrf = cookie(browserContext, "XSRF-TOKEN");
        APIResponse login = http.post(
                origin() + "/login",
                RequestOptions.create()
                        .setHeader("X-XSRF-TOKEN", xsrf)
                        .setHeader("X-Requested-With", "XMLHttpRequest")
                        .setData(Map.of("name", name, "password", password)));
        org.assertj.core.api.Assertions.assertThat(login.status())
                .as(login.text())
                .isEqualTo(200);
    }

    /** The value of the cookie {@code name} in {@code browserContext}, or null. */
    protected String cookie(BrowserContext browserContext, String name) {
        return browserContext.cookies(origin()).stream()
                .filter(cookie -> cookie.name.equals(name))
                .map(cookie -> cookie.value)
                .findFirst()
                .orElse(null);
    }

    /** Another fresh context, without any session (a stranger's browser); closed after the test. */
    protected BrowserContext strangerContext() {
        BrowserContext stranger = browser.chromium().newContext(contextOptions());
        stranger.setDefaultTimeout(15_000);
        extraContexts.add(stranger);
        return stranger;
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
        if (throttle == null) {
            throttle = context.newCDPSession(page);
            throttle.send("Network.enable");
        }
        JsonObject conditions = new JsonObject();
        conditions.addProperty("offline", false);
        conditions.addProperty("latency", 0);
        conditions.addProperty("downloadThroughput", -1);
        conditions.addProperty("uploadThroughput", bytesPerSecond);
        throttle.send("Network.emulateNetworkConditions", conditions);
    }

    /**
     * Lifts {@link #throttleUploads}, so that an upload held back finishes rather than being cut when the context
     * closes: a cut upload's temp file lives until the server notices, and later tests of the shared server count
     * temp files.
     */
    protected void unthrottleUploads() {
        throttleUploads(-1);
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
        return page.locator("#rows tr")
                .filter(new Locator.FilterOptions()
                        .setHas(page.locator("a.name .label")
                                .getByText(name, new Locator.GetByTextOptions().setExact(true))));
    }

    /** The upload list item for {@code path} (the file's path relative to the drop). */
    protected Locator upload(String path) {
        return page.locator("#upload-list li")
                .filter(new Locator.FilterOptions()
                        .setHas(page.locator(".upload-name")
                                .getByText(path, new Locator.GetByTextOptions().setExact(true))));
    }

    /** Every key under {@code prefix}, all pages, through the API. */
    protected List<String> keysUnder(String prefix) {
        List<String> keys = new ArrayList<>();
        String cursor = null;
        do {
            FileListing page = client.get()
                    .uri(uri("/api/v1/files?limit=1000&prefix=" + encode(prefix)
                            + (cursor == null ? "" : "&cursor=" + encode(cursor))))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(FileListing.class)
                    .returnResult()
                    .getResponseBody();
            page.items().forEach(item -> keys.add(item.key()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return keys;
    }

    protected static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
