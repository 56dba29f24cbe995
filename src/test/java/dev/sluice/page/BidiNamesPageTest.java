package dev.sluice.page;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A name with a bidirectional control character cannot spoof its extension: {@code U+202E txt.exe} would read
 * "exe.txt" if shown raw. On the page and on the share page such characters are shown as visible markers, and
 * every name's direction is isolated from its surroundings. Keys may contain them (docs/SECURITY.md).
 */
class BidiNamesPageTest extends PageTestSupport {

    private static final String RLO = "\u202E";

    @Test
    void theBrowsePageShowsBidiControlsVisiblyAndIsolatesNames() {
        put(folder + "%E2%80%AEtxt.exe", "MZ".getBytes(StandardCharsets.US_ASCII));
        put(folder + "%E2%80%AEdir/inner.txt", "x".getBytes(StandardCharsets.US_ASCII));
        openFolder(folder);
        assertThat(page.locator("#rows a.name .label").allTextContents())
                .contains("[U+202E]txt.exe", "[U+202E]dir")
                .noneMatch(text -> text.contains(RLO));
        assertThat(row("[U+202E]txt.exe").locator(".label")).hasCSS("unicode-bidi", "isolate");
        assertThat(row("[U+202E]txt.exe").getByLabel("Download [U+202E]txt.exe"))
                .isVisible();

        row("[U+202E]dir").locator("a.name").click();
        assertThat(page.locator("#folder-heading")).hasText("[U+202E]dir");
        assertThat(page.locator("#folder-heading")).hasCSS("unicode-bidi", "isolate");
    }

    @Test
    void theSharePageShowsThemVisiblyToo() {
        put(folder + "shared/%E2%80%AEgpj.exe", "MZ".getBytes(StandardCharsets.US_ASCII));
        byte[] answer = client.post()
                .uri(uri("/api/v1/shares"))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("prefix", folder + "shared/", "expiresIn", "PT1H", "permission", "read"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult()
                .getResponseBodyContent();
        String url = JsonMapper.builder().build().readTree(answer).get("url").asString();
        Page stranger = strangerContext().newPage();
        stranger.navigate(origin() + "/s/" + url.substring(url.lastIndexOf('/') + 1));
        assertThat(stranger.locator("#rows a.name .label")).hasText(new String[] {"[U+202E]gpj.exe"});
        assertThat(stranger.locator("#rows a.name .label").first()).hasCSS("unicode-bidi", "isolate");
    }
}
