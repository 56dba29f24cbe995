package dev.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.SluiceApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A share link may do only what its creator may do now. Links are made on one server; then the same storage is
 * served again with a changed configuration (a writer made a reader, a user moved to another home, a user
 * removed): those links are refused with 403 and a reason the share page shows, while a link whose creator kept
 * the right still works.
 */
class ShareCreatorRightsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void linksFollowTheirCreatorsCurrentRights() {
        Path root = SecurityTestSupport.tempRoot("sluice-share-rights");
        String keptRead;
        String demotedUpload;
        String demotedRead;
        String movedRead;
        String removedRead;
        try (ConfigurableApplicationContext before =
                start(root, List.of("carol:writer:", "dave:writer:dave/", "erin:writer:", "admin:admin:"))) {
            WebTestClient client = client(before);
            put(client, "shared/a.txt");
            put(client, "dave/d.txt");
            demotedUpload = create(client, "carol", Map.of("prefix", "inbox/", "permission", "upload"));
            demotedRead = create(client, "carol", Map.of("key", "shared/a.txt", "permission", "read"));
            keptRead = create(client, "admin", Map.of("key", "shared/a.txt", "permission", "read"));
            movedRead = create(client, "dave", Map.of("key", "dave/d.txt", "permission", "read"));
            removedRead = create(client, "erin", Map.of("key", "shared/a.txt", "permission", "read"));
            assertThat(upload(client, demotedUpload)).isEqualTo(201);
            download(client, movedRead).expectStatus().isOk();
            download(client, removedRead).expectStatus().isOk();
        }
        try (ConfigurableApplicationContext after =
                start(root, List.of("carol:reader:", "dave:writer:other/", "admin:admin:"))) {
            WebTestClient client = client(after);
            download(client, keptRead).expectStatus().isOk();
            // carol may still read, so her read link works; she may no longer upload
            download(client, demotedRead).expectStatus().isOk();
            assertThat(upload(client, demotedUpload)).isEqualTo(403);
            download(client, movedRead)
                    .expectStatus()
                    .isForbidden()
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("forbidden")
                    .jsonPath("$.detail")
                    .value(detail -> assertThat(detail.toString()).contains("no longer"));
            download(client, removedRead)
                    .expectStatus()
                    .isForbidden()
                    .expectBody()
                    .jsonPath("$.detail")
                    .value(detail -> assertThat(detail.toString()).contains("no longer"));
        }
    }

    private static ConfigurableApplicationContext start(Path root, List<String> users) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--sluice.storage.root=" + root,
                "--sluice.storage.min-free-space=1MB",
                "--sluice.security.secret=" + SecurityTestSupport.SECRET));
        for (int i = 0; i < users.size(); i++) {
            String[] user = users.get(i).split(":", -1);
            arguments.add("--sluice.security.users[" + i + "].name=" + user[0]);
            arguments.add("--sluice.security.users[" + i + "].password=" + SecurityTestSupport.HASH);
            arguments.add("--sluice.security.users[" + i + "].roles=" + user[1]);
            if (!user[2].isEmpty()) {
                arguments.add("--sluice.security.users[" + i + "].home=" + user[2]);
            }
        }
        return new SpringApplicationBuilder(SluiceApplication.class).run(arguments.toArray(String[]::new));
    }

    private static WebTestClient client(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    private static void put(WebTestClient client, String key) {
        client.put()
                .uri("/api/v1/files/" + key)
                .header(HttpHeaders.AUTHORIZATION, basic("admin"))
                .bodyValue("content")
                .exchange()
                .expectStatus()
                .isCreated();
    }

    private static String create(WebTestClient client, String user, Map<String, String> body) {
        Map<String, String> request = new java.util.HashMap<>(body);
        request.put("expiresIn", "PT1H");
        byte[] answer = client.post()
                .uri("/api/v1/shares")
                .header(HttpHeaders.AUTHORIZATION, basic(user))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult()
                .getResponseBodyContent();
        JsonNode json = JSON.readTree(answer);
        String url = json.get("url").asString();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static WebTestClient.ResponseSpec download(WebTestClient client, String token) {
        return client.get().uri("/s/" + token).exchange();
    }

    private static int upload(WebTestClient client, String token) {
        var parts = new org.springframework.http.client.MultipartBodyBuilder();
        parts.part("file", "data".getBytes(StandardCharsets.UTF_8))
                .filename("f.txt")
                .contentType(MediaType.TEXT_PLAIN);
        return client.post()
                .uri("/api/v1/s/" + token + "/files")
                .body(org.springframework.web.reactive.function.BodyInserters.fromMultipartData(parts.build()))
                .exchange()
                .expectBody()
                .returnResult()
                .getStatus()
                .value();
    }

    private static String basic(String user) {
        return SecurityTestSupport.basic(user, SecurityTestSupport.PASSWORD);
    }
}
