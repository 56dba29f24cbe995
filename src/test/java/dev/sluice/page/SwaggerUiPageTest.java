package dev.sluice.page;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.FilePayload;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Swagger UI in a real browser: "Try it out" uploads through PUT and POST, and the objects exist afterwards. */
class SwaggerUiPageTest extends PageTestSupport {

    @Test
    void tryItOutUploadsARawBodyWithPut() {
        byte[] content = "uploaded from Swagger UI".getBytes(StandardCharsets.UTF_8);
        Locator put = openOperation("put", "/api/v1/files/{key}");
        put.locator("button.try-out__btn").click();
        put.locator("tr[data-param-name='key'] input").fill(folder + "swagger-put.txt");
        put.locator("input[type='file']").setInputFiles(new FilePayload("swagger-put.txt", "text/plain", content));
        put.locator("button.execute").click();
        assertThat(put.locator(".live-responses-table tbody .response-col_status").first()).containsText("201");

        byte[] stored = client.get().uri(files(folder + "swagger-put.txt")).exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(stored).isEqualTo(content);
    }

    @Test
    void tryItOutUploadsAFileWithTheMultipartPost() {
        byte[] content = "multipart from Swagger UI".getBytes(StandardCharsets.UTF_8);
        Locator post = openOperation("post", "/api/v1/files");
        post.locator("button.try-out__btn").click();
        post.locator("tr[data-param-name='prefix'] input").fill(folder);
        Locator addItem = post.locator("button.json-schema-form-item-add");
        if (addItem.count() > 0 && post.locator("input[type='file']").count() == 0) {
            addItem.first().click();
        }
        post.locator("input[type='file']").first()
                .setInputFiles(new FilePayload("swagger-post.txt", "text/plain", content));
        post.locator("button.execute").click();
        assertThat(post.locator(".live-responses-table tbody .response-col_status").first()).containsText("201");

        byte[] stored = client.get().uri(files(folder + "swagger-post.txt")).exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(stored).isEqualTo(content);
    }

    @Test
    void tryItOutDownloadsAnObject() {
        put(folder + "swagger-get.txt", "download me".getBytes(StandardCharsets.UTF_8));
        Locator get = openOperation("get", "/api/v1/files/{key}");
        get.locator("button.try-out__btn").click();
        get.locator("tr[data-param-name='key'] input").fill(folder + "swagger-get.txt");
        get.locator("button.execute").click();
        assertThat(get.locator(".live-responses-table tbody .response-col_status").first()).containsText("200");
        assertThat(get.locator(".live-responses-table tbody .response-col_description")).containsText("download me");
    }

    /** Opens Swagger UI and expands the operation with this method and path. */
    private Locator openOperation(String method, String path) {
        page.navigate(origin() + "/swagger-ui.html");
        assertThat(page.locator(".information-container .title")).containsText("Sluice API");
        Locator operation = page.locator(".opblock-" + method)
                .filter(new Locator.FilterOptions().setHas(page.locator(".opblock-summary-path[data-path='" + path
                        + "']")));
        operation.locator(".opblock-summary").first().click();
        assertThat(operation.locator("button.try-out__btn")).isVisible();
        return operation;
    }
}
