package dev.sluice.page;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.FilePayload;
import dev.sluice.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Who uses the page: the login form, the user shown, logging out, a session that ends under the page, and what a
 * reader and a user with a home folder are offered. These contexts start without a session.
 */
class SessionPageTest extends PageTestSupport {

    @Override
    protected boolean logsIn() {
        return false;
    }

    @Test
    void theLoginFormLetsTheUserInAndLoggingOutShowsItAgain() {
        put(folder + "hello.txt", "hello".getBytes(StandardCharsets.UTF_8));
        page.navigate(origin() + "/#/" + folder);
        assertThat(page.locator("#login-view")).isVisible();
        assertThat(page.locator("#files-view")).isHidden();
        assertThat(name()).isFocused();

        name().fill(TestTokens.PAGE_USER);
        password().fill(TestTokens.PAGE_PASSWORD);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in"))
                .click();

        assertThat(page.locator("#listing")).hasAttribute("aria-busy", "false");
        assertThat(row("hello.txt")).isVisible();
        assertThat(page.locator("#login-view")).isHidden();
        assertThat(page.locator("#user-name")).hasText(TestTokens.PAGE_USER);
        assertThat(page.locator("#user-roles")).hasText("admin");
        assertThat(page.locator("#status")).hasText("Logged in as " + TestTokens.PAGE_USER + ".");
        assertThat(cookie(context, "SLUICE_SESSION")).isNotNull();

        page.locator("#logout").click();

        assertThat(page.locator("#login-view")).isVisible();
        assertThat(page.locator("#files-view")).isHidden();
        assertThat(cookie(context, "SLUICE_SESSION")).isNull();
        APIResponse listing = context.request().get(origin() + "/api/v1/files?prefix=" + encode(folder));
        assertThat(listing.status()).isEqualTo(401);
        assertThat(listing.headers().get("content-type")).startsWith("application/problem+json");
    }

    @Test
    void aWrongPasswordIsSaidAndTheFormStays() {
        page.navigate(origin() + "/");
        name().fill(TestTokens.PAGE_USER);
        password().fill("not the password");
        password().press("Enter");

        assertThat(page.locator("#login-error"))
                .hasText("That name and password do not match. Check them and try again.");
        assertThat(page.locator("#login-error")).hasAttribute("role", "alert");
        assertThat(password()).hasAttribute("aria-invalid", "true");
        assertThat(password()).isFocused();
        assertThat(page.locator("#files-view")).isHidden();
        assertThat(cookie(context, "SLUICE_SESSION")).isNull();
    }

    @Test
    void emptyFieldsAreSaidWithoutAsking() {
        List<String> logins = new CopyOnWriteArrayList<>();
        page.onRequest(request -> {
            if (request.url().endsWith("/login")) {
                logins.add(request.url());
            }
        });
        page.navigate(origin() + "/");
        page.locator("#login-submit").click();
        assertThat(page.locator("#login-error")).hasText("Enter your name.");
        assertThat(name()).isFocused();
        assertThat(logins).isEmpty();
    }

    /**
     * The page's side of throttling: a 429 tells how long to wait, and the button waits that long. The response is
     * the server's own shape, routed in here: provoking a real 429 would throttle the address every test shares.
     */
    @Test
    void tooManyFailedLoginsSayHowLongToWait() {
        page.route(
                "**/login",
                route -> route.fulfill(new Route.FulfillOptions()
                        .setStatus(429)
                        .setHeaders(java.util.Map.of("Retry-After", "90", "Content-Type", "application/problem+json"))
                        .setBody("{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,"
                                + "\"code\":\"too-many-requests\",\"detail\":\"Too many failed logins\"}")));
        page.navigate(origin() + "/");
        name().fill("someone");
        password().fill("guess");
        page.locator("#login-submit").click();

        assertThat(page.locator("#login-error")).hasText("Too many failed logins. Try again in 1 min 30 s.");
        assertThat(page.locator("#login-submit")).isDisabled();
        assertThat(page.locator("#login-submit")).containsText("Wait 1 min");
    }

    @Test
    void anEndedSessionBringsBackTheLoginFormWithoutABasicChallenge() {
        logIn(context, TestTokens.PAGE_USER, TestTokens.PAGE_PASSWORD);
        openFolder(folder);
        List<Response> refused = new CopyOnWriteArrayList<>();
        page.onResponse(response -> {
            if (response.status() == 401) {
                refused.add(response);
            }
        });
        // The session ends under the page (as when it expires): the next request is answered 401.
        context.clearCookies();
        page.locator("#refresh").click();

        assertThat(page.locator("#login-view")).isVisible();
        assertThat(page.locator("#login-error")).hasText("Your session has ended. Log in again to continue.");
        assertThat(refused)
                .isNotEmpty()
                .allSatisfy(response -> assertThat(response.allHeaders().getOrDefault("www-authenticate", ""))
                        .doesNotContainIgnoringCase("basic"));

        name().fill(TestTokens.PAGE_USER);
        password().fill(TestTokens.PAGE_PASSWORD);
        page.locator("#login-submit").click();
        assertThat(page.locator("#user-name")).hasText(TestTokens.PAGE_USER);
        assertThat(page.locator("#listing")).hasAttribute("aria-busy", "false");
    }

    @Test
    void aReaderSeesFilesButNoUploadOrDeleteControls() {
        put(folder + "read-me.txt", "read".getBytes(StandardCharsets.UTF_8));
        logIn(context, TestTokens.READER_USER, TestTokens.READER_PASSWORD);
        openFolder(folder);

        assertThat(row("read-me.txt")).isVisible();
        assertThat(page.locator("#user-roles")).hasText("reader");
        assertThat(page.locator("#uploader")).isHidden();
        assertThat(page.locator("#read-only")).isVisible();
        assertThat(row("read-me.txt").locator("[data-action=delete]")).hasCount(0);
        assertThat(row("read-me.txt").getByLabel("Download read-me.txt")).isVisible();
        assertThat(row("read-me.txt").locator("[data-action=share]")).hasCount(0);
        assertThat(page.locator("#open-shares")).isHidden();
    }

    @Test
    void aUserWithAHomeFolderStartsThereAndSeesNothingAbove() {
        String home = TestTokens.HOME_USER_HOME;
        put(home + "mine.txt", "mine".getBytes(StandardCharsets.UTF_8));
        logIn(context, TestTokens.HOME_USER, TestTokens.HOME_PASSWORD);
        openUrl("/");

        assertThat(page).hasURL(origin() + "/#/" + home);
        assertThat(row("mine.txt")).isVisible();
        assertThat(page.locator("#crumbs a")).hasText(new String[] {home.substring(0, home.length() - 1)});

        // Asking for a folder outside the home lands back in it.
        page.navigate(origin() + "/#/" + folder);
        assertThat(page).hasURL(origin() + "/#/" + home);
        page.locator("#file-input")
                .setInputFiles(new FilePayload("up.txt", "text/plain", "up".getBytes(StandardCharsets.UTF_8)));
        assertThat(row("up.txt")).isVisible();
        assertThat(keysUnder(home)).contains(home + "up.txt");
    }

    private Locator name() {
        return page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true));
    }

    private Locator password() {
        return page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true));
    }
}
