package dev.sluice.page;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.ScreenshotAnimations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Screenshots of the page for people to look at (target/screenshots/): desktop and phone width, light and dark, of a
 * folder with a few files, one upload done, one in progress (held back by network emulation) and one refused as too
 * large.
 */
class ScreenshotsPageTest extends PageTestSupport {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private int width = 1280;
    private int height = 800;
    private ColorScheme scheme = ColorScheme.LIGHT;

    @Override
    protected NewContextOptions contextOptions() {
        return new NewContextOptions().setViewportSize(width, height).setColorScheme(scheme);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "desktop-light, 1280, 800, LIGHT",
        "desktop-dark, 1280, 800, DARK",
        "phone-light, 390, 844, LIGHT",
        "phone-dark, 390, 844, DARK"
    })
    void screenshot(String name, int width, int height, ColorScheme scheme) {
        // The base class made its context before the parameters were known: make this one to measure.
        this.width = width;
        this.height = height;
        this.scheme = scheme;
        closeContext();
        newContext();

        // A folder of its own with a name that reads well in the README; only this class uses it.
        String documents = "Documents/";
        for (String earlier : new String[] {"slides.pdf", "site-visit.mov"}) {
            client.delete()
                    .uri(files(documents + earlier))
                    .exchange()
                    .expectBody()
                    .returnResult();
        }
        put(documents + "Invoices/2026-01.pdf", new byte[48_000]);
        put(documents + "Photos/beach.jpg", new byte[1]);
        put(documents + "Quarterly%20report.pdf", random(1_850_000));
        put(documents + "budget-2026.csv", random(23_400));
        put(documents + "meeting-notes.md", "# Notes\n".getBytes(StandardCharsets.UTF_8));
        put(documents + "team-photo.jpg", random(3_200_000));
        openFolder(documents);

        page.locator("#file-input").setInputFiles(new FilePayload("slides.pdf", "application/pdf", random(640_000)));
        assertThat(row("slides.pdf")).isVisible();
        throttleUploads(128 * 1024);
        page.locator("#file-input").setInputFiles(new FilePayload[] {
            new FilePayload("site-visit.mov", "video/quicktime", random(3_900_000)),
            new FilePayload("raw-footage.mov", "video/quicktime", new byte[MAX_FILE_SIZE + 1])
        });
        assertThat(upload("site-visit.mov").locator(".upload-detail")).containsText(" left");
        // Let the notice fade, so that it does not cover the listing.
        assertThat(page.locator("#toast"))
                .not()
                .hasClass(Pattern.compile("visible"), new LocatorAssertions.HasClassOptions().setTimeout(10_000));

        // Phone screenshots show the whole page, so that the listing under the uploads can be seen too.
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve(name + ".png"))
                .setFullPage(width < 600)
                .setAnimations(ScreenshotAnimations.DISABLED));
        // Let the held-back upload finish, so that it leaves no temp file behind for the next tests to find.
        unthrottleUploads();
        assertThat(row("site-visit.mov")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(60_000));
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
