package dev.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Share links end to end: who may create them, what each kind lets an anonymous holder do, and the refusals
 * (expired, tampered, revoked, wrong permission, outside the link's reach), with the store unchanged after each.
 */
class ShareLinksMatrixTest extends SecurityTestSupport {

    private static final String WRITER = basic("writer", PASSWORD);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private String run;

    @BeforeEach
    void seed() {
        run = "s-" + UUID.randomUUID();
        adminPut("bob/" + run + "/doc.txt", "0123456789");
        adminPut("bob/" + run + "/sub/deep.txt", "deep");
        adminPut("alice/" + run + "/a.txt", "alice");
    }

    @Test
    void aKeyReadLinkDownloadsLikeTheApiWithRangesAndConditions() {
        JsonNode share = create(
                WRITER, Map.of("key", "bob/" + run + "/doc.txt", "expiresIn", "PT1H", "permission", "read"), 201);
        assertThat(share.get("url").asString())
                .startsWith("/s/" + share.get("id").asString() + ".");
        assertThat(share.get("key").asString()).isEqualTo("bob/" + run + "/doc.txt");
        assertThat(share.has("prefix")).isFalse();
        assertThat(share.get("permission").asString()).isEqualTo("read");
        assertThat(share.get("createdBy").asString()).isEqualTo("writer");
        assertThat(share.get("revoked").asBoolean()).isFalse();
        String url = share.get("url").asString();

        EntityExchangeResult<byte[]> whole = client.get()
                .uri(uri(url))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
                .expectBody()
                .returnResult();
        assertThat(new String(whole.getResponseBodyContent(), StandardCharsets.UTF_8))
                .isEqualTo("0123456789");
        String etag = whole.getResponseHeaders().getETag();
        client.get()
                .uri(uri(url))
                .header(HttpHeaders.RANGE, "bytes=2-4")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.PARTIAL_CONTENT)
                .expectBody(String.class)
                .isEqualTo("234");
        client.get()
                .uri(uri(url))
                .header(HttpHeaders.IF_NONE_MATCH, etag)
                .exchange()
                .expectStatus()
                .isNotModified();
        client.head()
                .uri(uri(url))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentLength(10);
        // A key link reaches that key only
        client.get()
                .uri(uri("/api/v1/s/" + token(url) + "/files"))
                .exchange()
                .expectStatus()
                .isForbidden();
        client.get()
                .uri(uri("/api/v1/s/" + token(url) + "/files/doc.txt"))
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void aPrefixReadLinkListsAndDownloadsUnderItsPrefixOnly() {
        JsonNode share =
                create(WRITER, Map.of("prefix", "bob/" + run + "/", "expiresIn", "P1D", "permission", "read"), 201);
        String token = token(share.get("url").asString());
        client.get()
                .uri(uri("/s/" + token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_HTML);
        client.get()
                .uri(uri("/api/v1/s/" + token + "/files?delimiter=/"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items[0].key")
                .isEqualTo("doc.txt")
                .jsonPath("$.prefixes[0]")
                .isEqualTo("sub/");
        client.get()
                .uri(uri("/api/v1/s/" + token + "/files?prefix=sub/"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items[0].key")
                .isEqualTo("sub/deep.txt");
        client.get()
                .uri(uri("/api/v1/s/" + token + "/files/sub/deep.txt"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("deep");
        // Nothing outside: no '..', and the link's prefix cannot be left
        client.get()
                .uri(uri("/api/v1/s/" + token + "/files/..%2F..%2Falice/" + run + "/a.txt"))
                .exchange()
                .expectStatus()
                .isBadRequest();
        client.get()
                .uri(uri("/api/v1/s/" + token + "/files?prefix=../"))
                .exchange()
                .expectStatus()
                .isBadRequest();
        // Read links do not upload
        assertThat(uploadWith(token, "x.txt")).isEqualTo(403);
        assertThat(exists("bob/" + run + "/x.txt")).isFalse();
    }

    @Test
    void anUploadLinkStoresRenamedFilesAndRevealsNothing() {
        JsonNode share = create(
                WRITER, Map.of("prefix", "bob/" + run + "/inbox/", "expiresIn", "PT1H", "permission", "upload"), 201);
        String token = token(share.get("url").asString());
        client.get()
                .uri(uri("/s/" + token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_HTML);
        assertThat(uploadWith(token, "f.txt")).isEqualTo(201);
        assertThat(uploadWith(token, "f.txt")).isEqualTo(201);
        assertThat(exists("bob/" + run + "/inbox/f.txt")).isTrue();
        assertThat(exists("bob/" + run + "/inbox/f%20(1).txt")).isTrue();
        // An upload link neither lists nor downloads
        client.get()
                .uri(uri("/api/v1/s/" + token + "/files"))
                .exchange()
                .expectStatus()
                .isForbidden();
        client.get()
                .uri(uri("/api/v1/s/" + token + "/files/f.txt"))
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    /**
     * An upload link takes tus uploads too: into its folder whatever {@code prefix} and {@code conflict} the
     * metadata asks for (always renamed), telling no name back; a read link takes none.
     */
    @Test
    void anUploadLinkTakesTusUploadsIntoItsFolderRenamedAndRevealsNothing() {
        JsonNode share = create(
                WRITER, Map.of("prefix", "bob/" + run + "/drop/", "expiresIn", "PT1H", "permission", "upload"), 201);
        String token = token(share.get("url").asString());
        adminPut("bob/" + run + "/drop/big.bin", "existing");
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        String metadata = "filename " + base64.encodeToString("big.bin".getBytes(StandardCharsets.UTF_8)) + ",prefix "
                + base64.encodeToString("alice/".getBytes(StandardCharsets.UTF_8)) + ",conflict "
                + base64.encodeToString("replace".getBytes(StandardCharsets.UTF_8));
        HttpHeaders created = client.post()
                .uri(uri("/api/v1/s/" + token + "/uploads"))
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "10")
                .header("Upload-Metadata", metadata)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult()
                .getResponseHeaders();
        String location = created.getFirst(HttpHeaders.LOCATION);
        assertThat(location).contains("/api/v1/s/" + token + "/uploads/");
        String path = location.substring(location.indexOf("/api/v1/s/"));
        for (String chunk : List.of("01234", "56789")) {
            HttpHeaders patched = client.patch()
                    .uri(uri(path))
                    .header("Tus-Resumable", "1.0.0")
                    .header("Upload-Offset", chunk.startsWith("0") ? "0" : "5")
                    .header(HttpHeaders.CONTENT_TYPE, "application/offset+octet-stream")
                    .bodyValue(chunk)
                    .exchange()
                    .expectStatus()
                    .isNoContent()
                    .expectBody()
                    .returnResult()
                    .getResponseHeaders();
            assertThat(patched.getFirst("Sluice-Key")).isNull();
            assertThat(patched.getFirst(HttpHeaders.CONTENT_LOCATION)).isNull();
        }
        assertThat(exists("bob/" + run + "/drop/big%20(1).bin")).isTrue();
        assertThat(exists("alice/big.bin")).isFalse();
        // The upload is the link's: the API's own upload URL of the same id is no one else's.
        String id = path.substring(path.lastIndexOf('/') + 1);
        client.head()
                .uri(uri("/api/v1/uploads/" + id))
                .header(HttpHeaders.AUTHORIZATION, TestTokens.BEARER)
                .exchange()
                .expectStatus()
                .isNotFound();
        JsonNode readLink =
                create(WRITER, Map.of("prefix", "bob/" + run + "/", "expiresIn", "PT1H", "permission", "read"), 201);
        client.post()
                .uri(uri("/api/v1/s/" + token(readLink.get("url").asString()) + "/uploads"))
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "10")
                .header("Upload-Metadata", metadata)
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    /**
     * A link describes itself to anyone holding it, without an account: what it allows, and for an upload link the
     * upload limits its page needs (the largest file, the tus threshold and chunk size); nothing else.
     */
    @Test
    void aLinkDescribesWhatItAllowsAndAnUploadLinkItsLimits() {
        String read = token(
                create(WRITER, Map.of("prefix", "bob/" + run + "/", "expiresIn", "PT1H", "permission", "read"), 201)
                        .get("url")
                        .asString());
        String upload = token(create(
                        WRITER,
                        Map.of("prefix", "bob/" + run + "/in/", "expiresIn", "PT1H", "permission", "upload"),
                        201)
                .get("url")
                .asString());

        JsonNode readLink = describe(read, 200);
        assertThat(readLink.get("permission").asString()).isEqualTo("read");
        assertThat(readLink.get("limits").isNull()).isTrue();
        JsonNode uploadLink = describe(upload, 200);
        assertThat(uploadLink.get("permission").asString()).isEqualTo("upload");
        assertThat(uploadLink.get("limits").get("maxFileSize").asLong()).isPositive();
        assertThat(uploadLink.get("limits").get("resumableThreshold").asLong()).isPositive();
        assertThat(uploadLink.get("limits").get("resumableChunkSize").asLong()).isPositive();
        assertThat(uploadLink.propertyNames()).containsExactlyInAnyOrder("permission", "limits");
        assertThat(describe(upload.substring(0, upload.length() - 2) + "xx", 403)
                        .get("code")
                        .asString())
                .isEqualTo("forbidden");
    }

    private JsonNode describe(String token, int status) {
        byte[] body = client.get()
                .uri(uri("/api/v1/s/" + token))
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody()
                .returnResult()
                .getResponseBodyContent();
        return JSON.readTree(body);
    }

    @Test
    void tamperedExpiredAndRevokedLinksAreRefused() throws InterruptedException {
        JsonNode share = create(
                WRITER, Map.of("key", "bob/" + run + "/doc.txt", "expiresIn", "PT1H", "permission", "read"), 201);
        String token = token(share.get("url").asString());
        String id = share.get("id").asString();
        char last = token.charAt(token.length() - 1);
        for (String forged : List.of(
                token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A'),
                "x" + token,
                id,
                id + ".",
                "nothing.at.all")) {
            client.get()
                    .uri(uri("/s/" + forged))
                    .exchange()
                    .expectStatus()
                    .isForbidden()
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("forbidden");
        }

        // Only the creator or an admin revokes; others do not even see it
        client.delete()
                .uri(uri("/api/v1/shares/" + id))
                .header(HttpHeaders.AUTHORIZATION, basic("alice", PASSWORD))
                .exchange()
                .expectStatus()
                .isNotFound();
        client.get()
                .uri(uri(share.get("url").asString()))
                .exchange()
                .expectStatus()
                .isOk();
        client.delete()
                .uri(uri("/api/v1/shares/" + id))
                .header(HttpHeaders.AUTHORIZATION, WRITER)
                .exchange()
                .expectStatus()
                .isNoContent();
        client.get()
                .uri(uri("/s/" + token))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("This share link was revoked");

        JsonNode brief = create(
                WRITER, Map.of("key", "bob/" + run + "/doc.txt", "expiresIn", "PT1S", "permission", "read"), 201);
        Thread.sleep(1_100); // the link's one-second life, set above
        client.get()
                .uri(uri(brief.get("url").asString()))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("This share link has expired");
        assertThat(exists("bob/" + run + "/doc.txt")).isTrue();
    }

    @Test
    void whoMayCreateListAndRevoke() {
        Map<String, Object> bobLink = Map.of("prefix", "bob/" + run + "/", "expiresIn", "PT1H", "permission", "read");
        create(null, bobLink, 401);
        create(basic("reader", PASSWORD), bobLink, 403);
        create(basic("alice", PASSWORD), bobLink, 403); // outside alice's home
        create("Bearer " + ALICE_TOKEN, bobLink, 403);
        create(
                basic("alice", PASSWORD),
                Map.of("prefix", "alice/" + run + "/", "expiresIn", "PT1H", "permission", "upload"),
                201);
        create(WRITER, Map.of("prefix", "bob/", "expiresIn", "P31D", "permission", "read"), 400);
        create(WRITER, Map.of("key", "bob/x", "prefix", "bob/", "expiresIn", "PT1H", "permission", "read"), 400);
        create(WRITER, Map.of("key", "bob/x", "expiresIn", "PT1H", "permission", "upload"), 400);
        create(WRITER, Map.of("key", ".sluice/secret", "expiresIn", "PT1H", "permission", "read"), 400);
        String mine = create(WRITER, bobLink, 201).get("id").asString();

        List<String> writers = ids(WRITER);
        List<String> alices = ids(basic("alice", PASSWORD));
        List<String> admins = ids(basic("admin", PASSWORD));
        assertThat(writers).contains(mine);
        assertThat(alices).doesNotContain(mine).isNotEmpty();
        assertThat(admins).contains(mine).containsAll(alices);
        client.delete()
                .uri(uri("/api/v1/shares/" + mine))
                .header(HttpHeaders.AUTHORIZATION, basic("admin", PASSWORD))
                .exchange()
                .expectStatus()
                .isNoContent();
    }

    @Test
    void shareRecordsAreInvisibleToUserKeysAndListings() {
        String id = create(
                        WRITER,
                        Map.of("key", "bob/" + run + "/doc.txt", "expiresIn", "PT1H", "permission", "read"),
                        201)
                .get("id")
                .asString();
        client.get()
                .uri(uri("/api/v1/files?delimiter=/"))
                .header(HttpHeaders.AUTHORIZATION, TestTokens.BEARER)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.prefixes[?(@ == '.sluice/')]")
                .doesNotExist();
        for (String path : List.of(
                "/api/v1/files/.sluice/shares/" + id,
                "/api/v1/metadata/.sluice/shares/" + id,
                "/api/v1/files/.sluice/secret",
                "/api/v1/files?prefix=.sluice/")) {
            client.get()
                    .uri(uri(path))
                    .header(HttpHeaders.AUTHORIZATION, TestTokens.BEARER)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("invalid-key");
        }
        client.put()
                .uri(uri("/api/v1/files/.sluice/shares/" + id))
                .header(HttpHeaders.AUTHORIZATION, TestTokens.BEARER)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    private JsonNode create(String authorization, Map<String, ?> body, int status) {
        var request = client.post().uri(uri("/api/v1/shares")).contentType(MediaType.APPLICATION_JSON);
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        EntityExchangeResult<byte[]> result = request.bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody()
                .returnResult();
        JsonNode json = JSON.readTree(result.getResponseBodyContent());
        if (status == 201) {
            assertThat(result.getResponseHeaders().getLocation())
                    .hasToString("/api/v1/shares/" + json.get("id").asString());
        }
        return json;
    }

    private List<String> ids(String authorization) {
        byte[] body = client.get()
                .uri(uri("/api/v1/shares"))
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBodyContent();
        List<String> ids = new java.util.ArrayList<>();
        JSON.readTree(body).get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    private int uploadWith(String token, String name) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("file", "data".getBytes(StandardCharsets.UTF_8))
                .filename(name)
                .contentType(MediaType.TEXT_PLAIN);
        EntityExchangeResult<byte[]> result = client.post()
                .uri(uri("/api/v1/s/" + token + "/files"))
                .body(BodyInserters.fromMultipartData(parts.build()))
                .exchange()
                .expectBody()
                .returnResult();
        if (result.getStatus().value() == 201) {
            assertThat(new String(result.getResponseBodyContent(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"stored\":1}");
        }
        return result.getStatus().value();
    }

    private static String token(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private void adminPut(String key, String content) {
        client.put()
                .uri(uri("/api/v1/files/" + key))
                .header(HttpHeaders.AUTHORIZATION, TestTokens.BEARER)
                .bodyValue(content)
                .exchange()
                .expectStatus()
                .is2xxSuccessful();
    }

    private boolean exists(String key) {
        return client.head()
                        .uri(uri("/api/v1/files/" + key))
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.BEARER)
                        .exchange()
                        .expectBody()
                        .returnResult()
                        .getStatus()
                        .value()
                == 200;
    }
}
