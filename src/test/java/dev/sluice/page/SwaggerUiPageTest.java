package dev.sluice.page;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.FilePayload;
import dev.sluice.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Swagger UI in a real browser, without a page session: "Authorize" with a bearer token or HTTP Basic, then "Try it
 * out" uploads through PUT and POST and downloads with GET, and the objects exist afterwards.
 */
class SwaggerUiPageTest extends PageTestSupport {

    @Override
    protected boolean logsIn() {
        return false;
    }

    @Test
    void tryItOutWithABearerTokenReadsAnObjectAndWithoutOneIsRefused() {
        put(folder + "swagger-bearer.txt", "bearer read".getBytes(StandardCharsets.UTF_8));
        Locator get = openOperation("get", "/api/v1/files/{key}");
        get.locator("button.try-out__btn").click();
        get.locator("tr[data-param-name='key'] input").fill(folder + "swagger-bearer.txt");
        get.locator("button.execute").click();
        assertThat(get.locator(".live-responses-table tbody .response-col_status")
                        .first())
                .containsText("401");

        authorize("bearer", TestTokens.ADMIN_TOKEN, null);
        get.locator("button.execute").click();
        assertThat(get.locator(".live-responses-table tbody .response-col_status")
                        .first())
                .containsText("200");
        assertThat(get.locator(".live-responses-table tbody .response-col_description"))
                .containsText("bearer read");
    }

    @Test
    void tryItOutUploadsARawBodyWithPut() {
        byte[] content = "uploaded from Swagger UI".getBytes(StandardCharsets.UTF_8);
        Locator put = openOperation("put", "/api/v1/files/{key}");
        authorize("bearer", TestTokens.ADMIN_TOKEN, null);
        put.locator("button.try-out__btn").click();
        put.locator("tr[data-param-name='key'] input").fill(folder + "swagger-put.txt");
        put.locator("input[type='file']").setInputFiles(new FilePayload("swagger-put.txt", "text/plain", content));
        put.locator("button.execute").click();
        assertThat(put.locator(".live-responses-table tbody .response-col_status")
                        .first())
                .containsText("201");

        byte[] stored = client.get()
                .uri(files(folder + "swagger-put.txt"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        assertThat(stored).isEqualTo(content);
    }

    @Test
    void tryItOutUploadsAFileWithTheMultipartPost() {
        byte[] content = "multipart from Swagger UI".getBytes(StandardCharsets.UTF_8);
        Locator post = openOperation("post", "/api/v1/files");
        authorize("basic", TestTokens.PAGE_USER, TestTokens.PAGE_PASSWORD);
        post.locator("button.try-out__btn").click();
        post.locator("tr[data-param-name='prefix'] input").fill(folder);
        Locator addItem = post.locator("button.json-schema-form-item-add");
        if (addItem.count() > 0 && post.locator("input[type='file']").count() == 0) {
            addItem.first().click();
        }
        post.locator("input[type='file']")
                .first()
                .setInputFiles(new FilePayload("swagger-post.txt", "text/plain", content));
        post.locator("button.execute").click();
        assertThat(post.locator(".live-responses-table tbody .response-col_status")
                        .first())
                .containsText("201");

        byte[] stored = client.get()
                .uri(files(folder + "swagger-post.txt"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        assertThat(stored).isEqualTo(content);
    }

    /** tus from Swagger UI: create an upload with its headers, then send its one chunk as a file. */
    @Test
    void tryItOutCreatesATusUploadAndSendsAChunk() {
        byte[] content = "tus from Swagger UI".getBytes(StandardCharsets.UTF_8);
        Locator create = openOperation("post", "/api/v1/uploads");
        authorize("bearer", TestTokens.ADMIN_TOKEN, null);
        create.locator("button.try-out__btn").click();
        create.locator("tr[data-param-name='Tus-Resumable'] input").fill("1.0.0");
        create.locator("tr[data-param-name='Upload-Length'] input").fill(Integer.toString(content.length));
        String metadata = "filename "
                + java.util.Base64.getEncoder().encodeToString("swagger-tus.txt".getBytes(StandardCharsets.UTF_8))
                + ",prefix " + java.util.Base64.getEncoder().encodeToString(folder.getBytes(StandardCharsets.UTF_8));
        create.locator("tr[data-param-name='Upload-Metadata'] input").fill(metadata);
        create.locator("button.execute").click();
        Locator created = create.locator(".live-responses-table tbody .response-col_description");
        assertThat(create.locator(".live-responses-table tbody .response-col_status")
                        .first())
                .containsText("201");
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("/api/v1/uploads/([0-9a-f]{32})")
                .matcher(created.first().innerText());
        org.assertj.core.api.Assertions.assertThat(id.find())
                .as("the Location header is shown")
                .isTrue();

        Locator patch = openOperation("patch", "/api/v1/uploads/{id}");
        authorize("bearer", TestTokens.ADMIN_TOKEN, null);
        patch.locator("button.try-out__btn").click();
        patch.locator("tr[data-param-name='id'] input").fill(id.group(1));
        patch.locator("tr[data-param-name='Tus-Resumable'] input").fill("1.0.0");
        patch.locator("tr[data-param-name='Upload-Offset'] input").fill("0");
        patch.locator("input[type='file']").setInputFiles(new FilePayload("chunk.bin", "text/plain", content));
        patch.locator("button.execute").click();
        assertThat(patch.locator(".live-responses-table tbody .response-col_status")
                        .first())
                .containsText("204");

        byte[] stored = client.get()
                .uri(files(folder + "swagger-tus.txt"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        org.assertj.core.api.Assertions.assertThat(stored).isEqualTo(content);
    }

    @Test
    void tryItOutDownloadsAnObject() {
        put(folder + "swagger-get.txt", "download me".getBytes(StandardCharsets.UTF_8));
        Locator get = openOperation("get", "/api/v1/files/{key}");
        authorize("basic", TestTokens.PAGE_USER, TestTokens.PAGE_PASSWORD);
        get.locator("button.try-out__btn").click();
        get.locator("tr[data-param-name='key'] input").fill(folder + "swagger-get.txt");
        get.locator("button.execute").click();
        assertThat(get.locator(".live-responses-table tbody .response-col_status")
                        .first())
                .containsText("200");
        assertThat(get.locator(".live-responses-table tbody .response-col_description"))
                .containsText("download me");
    }

    /**
     * Swagger UI's "Authorize": fills in the security scheme {@code scheme} ("bearer": {@code user} is the token;
     * "basic": a name and password), authorizes and closes the dialog.
     */
    private void authorize(String scheme, String user, String password) {
        page.locator(".auth-wrapper button.authorize").click();
        Locator form = page.locator(".modal-ux .auth-container")
                .filter(new Locator.FilterOptions()
                        .setHas(page.locator("h4").getByText(scheme, new Locator.GetByTextOptions().setExact(false))));
        if (password == null) {
            form.locator("input").first().fill(user);
        } else {
            form.locator("input[type=text]").first().fill(user);
            form.locator("input[type=password]").fill(password);
        }
        form.locator("button.modal-btn.auth.authorize").click();
        assertThat(form.getByLabel("Remove authorization")).isVisible();
        page.locator(".modal-ux button.btn-done").first().click();
        assertThat(page.locator(".modal-ux")).hasCount(0);
    }

    /** Opens Swagger UI and expands the operation with this method and path. */
    private Locator openOperation(String method, String path) {
        apiDocs(); // built once with time to spare, so the assertions below wait for the browser only
        page.navigate(origin() + "/swagger-ui.html");
        assertThat(page.locator(".information-container .title")).containsText("Sluice API");
        Locator operation = page.locator(".opblock-" + method)
                .filter(new Locator.FilterOptions()
                        .setHas(page.locator(".opblock-summary-path[data-path='" + path + "']")));
        operation.locator(".opblock-summary").first().click();
        assertThat(operation.locator("button.try-out__btn")).isVisible();
        return operation;
    }
}
