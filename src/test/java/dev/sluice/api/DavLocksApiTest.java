package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * WebDAV class 2 the way the litmus suite's {@code locks} group checks it: exclusive and shared locks, depth 0 and
 * infinity, refresh, timeouts, lock-null resources, UNLOCK, and the If header (tagged and untagged lists, Not,
 * entity tags). And the rule that a lock binds the resource: the v1 API's writes are refused with 423 too.
 */
class DavLocksApiTest extends DavSupport {

    @Test
    void anExclusiveLockRefusesWritesWithoutItsToken() {
        davPut("doc.txt", "v1");
        String token = lock("doc.txt", EXCLUSIVE_LOCK, "0");
        String refused = body(request(HttpMethod.PUT, "doc.txt")
                .bodyValue("v2")
                .exchange()
                .expectStatus()
                .isEqualTo(423));
        assertThat(refused).contains("lock-token-submitted").contains(dav("doc.txt"));
        request(HttpMethod.DELETE, "doc.txt").exchange().expectStatus().isEqualTo(423);
        xml(
                        PROPPATCH,
                        "doc.txt",
                        "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><x xmlns=\"urn:x\">1</x>"
                                + "</D:prop></D:set></D:propertyupdate>")
                .expectStatus()
                .isEqualTo(423);
        request(HttpMethod.PUT, "doc.txt")
                .header("If", "(<" + token + ">)")
                .bodyValue("v2")
                .exchange()
                .expectStatus()
                .isNoContent();
        // A tagged list names the resource
        request(HttpMethod.PUT, "doc.txt")
                .header("If", "<http://localhost:" + port + dav("doc.txt") + "> (<" + token + ">)")
                .bodyValue("v3")
                .exchange()
                .expectStatus()
                .isNoContent();
        request(HttpMethod.GET, "doc.txt").exchange().expectBody(String.class).isEqualTo("v3");

        Multistatus status = Multistatus.parse(propfind("doc.txt", "0"));
        assertThat(status.dav(dav("doc.txt"), "lockdiscovery")).contains("<activelock>");

        request(UNLOCK, "doc.txt")
                .header("Lock-Token", "<" + token + ">")
                .exchange()
                .expectStatus()
                .isNoContent();
        request(HttpMethod.PUT, "doc.txt")
                .bodyValue("v4")
                .exchange()
                .expectStatus()
                .isNoContent();
    }

    @Test
    void theV1ApiIsRefusedWithTheLockedProblem() {
        davPut("api.txt", "v1");
        String token = lock("api.txt", EXCLUSIVE_LOCK, "0");
        client.put()
                .uri(files(folder + "api.txt"))
                .bodyValue("v2")
                .exchange()
                .expectStatus()
                .isEqualTo(423)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("locked");
        client.delete().uri(files(folder + "api.txt")).exchange().expectStatus().isEqualTo(423);
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("file", "v2".getBytes()).filename("api.txt");
        client.post()
                .uri(uri("/api/v1/files?prefix=" + folder + "&conflict=replace"))
                .body(BodyInserters.fromMultipartData(parts.build()))
                .exchange()
                .expectStatus()
                .isEqualTo(423);
        client.get()
                .uri(files(folder + "api.txt"))
                .exchange()
                .expectBody(String.class)
                .isEqualTo("v1");
        request(UNLOCK, "api.txt")
                .header("Lock-Token", "<" + token + ">")
                .exchange()
                .expectStatus()
                .isNoContent();
        client.put()
                .uri(files(folder + "api.txt"))
                .bodyValue("v2")
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void theV1MovesCopiesFolderDeletesAndTusUploadsAreRefusedToo() {
        request(MKCOL, "guarded/").exchange().expectStatus().isCreated();
        davPut("guarded/a.txt", "v1");
        put(folder + "other.txt", "other".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String token = lock("guarded/a.txt", EXCLUSIVE_LOCK, "0");
        transfer("move", folder + "guarded/a.txt", folder + "moved.txt", "fail", 423);
        transfer("copy", folder + "other.txt", folder + "guarded/a.txt", "replace", 423);
        transfer("move", folder + "guarded/", folder + "guarded2/", "fail", 423);
        client.delete()
                .uri(uri("/api/v1/folders/" + folder + "guarded?recursive=true"))
                .exchange()
                .expectStatus()
                .isEqualTo(423)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("locked");
        String upload = TusSupport.create(
                client,
                2,
                TusSupport.metadata("filename", "a.txt", "prefix", folder + "guarded/", "conflict", "replace"));
        client.patch()
                .uri(upload)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0")
                .header("Content-Type", TusSupport.CHUNK)
                .bodyValue("v2".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .exchange()
                .expectStatus()
                .isEqualTo(423);
        // Reading is not changing: a copy of the locked file to elsewhere goes ahead.
        transfer("copy", folder + "guarded/a.txt", folder + "copy.txt", "fail", 200);
        client.get()
                .uri(files(folder + "guarded/a.txt"))
                .exchange()
                .expectBody(String.class)
                .isEqualTo("v1");
        request(UNLOCK, "guarded/a.txt")
                .header("Lock-Token", "<" + token + ">")
                .exchange()
                .expectStatus()
                .isNoContent();
        transfer("move", folder + "guarded/", folder + "guarded2/", "fail", 200);
    }

    private void transfer(String route, String from, String to, String conflict, int status) {
        client.post()
                .uri(uri("/api/v1/" + route))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"conflict\":\"" + conflict + "\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(status);
    }

    @Test
    void sharedLocksCoexistAndAnExclusiveOneConflicts() {
        davPut("s.txt", "s");
        String first = lock("s.txt", SHARED_LOCK, "0");
        String second = lock("s.txt", SHARED_LOCK, "0");
        assertThat(first).isNotEqualTo(second).startsWith("urn:uuid:");
        String conflict = body(
                xml(LOCK, "s.txt", EXCLUSIVE_LOCK, "Depth", "0").expectStatus().isEqualTo(423));
        assertThat(conflict).contains("no-conflicting-lock");
        request(HttpMethod.PUT, "s.txt")
                .header("If", "(<" + second + ">)")
                .bodyValue("t")
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(Multistatus.parse(propfind("s.txt", "0")).dav(dav("s.txt"), "lockdiscovery"))
                .startsWith("<activelock><activelock>")
                .contains(first, second);
    }

    @Test
    void aDepthInfinityLockOnAFolderCoversNewMembersAndAConflictingLockBelow() {
        request(MKCOL, "coll/").exchange().expectStatus().isCreated();
        davPut("coll/old.txt", "o");
        String token = lock("coll/", EXCLUSIVE_LOCK, "infinity");
        request(HttpMethod.PUT, "coll/new.txt")
                .bodyValue("n")
                .exchange()
                .expectStatus()
                .isEqualTo(423);
        request(MKCOL, "coll/sub/").exchange().expectStatus().isEqualTo(423);
        request(HttpMethod.PUT, "coll/old.txt")
                .bodyValue("x")
                .exchange()
                .expectStatus()
                .isEqualTo(423);
        xml(LOCK, "coll/old.txt", EXCLUSIVE_LOCK, "Depth", "0").expectStatus().isEqualTo(423);
        request(HttpMethod.DELETE, "coll/").exchange().expectStatus().isEqualTo(423);
        request(HttpMethod.PUT, "coll/new.txt")
                .header("If", "<" + dav("coll/") + "> (<" + token + ">)")
                .bodyValue("n")
                .exchange()
                .expectStatus()
                .isCreated();
        Multistatus status = Multistatus.parse(propfind("coll/new.txt", "0"));
        assertThat(status.dav(dav("coll/new.txt"), "lockdiscovery")).contains("<activelock>");
        request(HttpMethod.DELETE, "coll/")
                .header("If", "(<" + token + ">)")
                .exchange()
                .expectStatus()
                .isNoContent();
        // The lock went with the folder
        request(MKCOL, "coll/").exchange().expectStatus().isCreated();
        davPut("coll/again.txt", "a");
    }

    @Test
    void aDepthZeroLockOnAFolderProtectsItsMembership() {
        request(MKCOL, "zero/").exchange().expectStatus().isCreated();
        davPut("zero/in.txt", "i");
        String token = lock("zero/", EXCLUSIVE_LOCK, "0");
        // Changing an existing member's content is not a change of the folder
        request(HttpMethod.PUT, "zero/in.txt")
                .bodyValue("j")
                .exchange()
                .expectStatus()
                .isNoContent();
        request(HttpMethod.PUT, "zero/added.txt")
                .bodyValue("a")
                .exchange()
                .expectStatus()
                .isEqualTo(423);
        request(HttpMethod.DELETE, "zero/in.txt").exchange().expectStatus().isEqualTo(423);
        request(HttpMethod.DELETE, "zero/in.txt")
                .header("If", "<" + dav("zero/") + "> (<" + token + ">)")
                .exchange()
                .expectStatus()
                .isNoContent();
    }

    @Test
    void lockingAnUnmappedUrlCreatesAnEmptyResource() {
        String token = lock("null.txt", EXCLUSIVE_LOCK, "0");
        request(HttpMethod.GET, "null.txt")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentLength(0);
        Multistatus listed = Multistatus.parse(propfind("", "1"));
        assertThat(listed.dav(dav("null.txt"), "getcontentlength")).isEqualTo("0");
        request(HttpMethod.PUT, "null.txt")
                .header("If", "(<" + token + ">)")
                .bodyValue("filled")
                .exchange()
                .expectStatus()
                .isNoContent();
        xml(LOCK, "missing/null.txt", EXCLUSIVE_LOCK, "Depth", "0")
                .expectStatus()
                .isEqualTo(409);
    }

    @Test
    void aRefreshExtendsTheLockAndAnExpiredLockIsGone() {
        davPut("r.txt", "r");
        String token = xml(LOCK, "r.txt", EXCLUSIVE_LOCK, "Depth", "0", "Timeout", "Second-1")
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseHeaders()
                .getFirst("Lock-Token");
        String bare = token.substring(1, token.length() - 1);
        String refreshed = body(request(LOCK, "r.txt")
                .header("If", "(<" + bare + ">)")
                .header("Timeout", "Second-300")
                .exchange()
                .expectStatus()
                .isOk());
        assertThat(refreshed).contains(bare).containsPattern("Second-(29\\d|300)");
        // Refreshing needs a token of a lock on the resource
        request(LOCK, "r.txt")
                .header("If", "(<urn:uuid:0-0>)")
                .exchange()
                .expectStatus()
                .isEqualTo(412);
        request(UNLOCK, "r.txt")
                .header("Lock-Token", token)
                .exchange()
                .expectStatus()
                .isNoContent();

        davPut("e.txt", "e");
        xml(LOCK, "e.txt", EXCLUSIVE_LOCK, "Depth", "0", "Timeout", "Second-1")
                .expectStatus()
                .isOk();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        int status;
        do {
            status = request(HttpMethod.PUT, "e.txt")
                    .bodyValue("after")
                    .exchange()
                    .returnResult(Void.class)
                    .getStatus()
                    .value();
        } while (status == 423 && Instant.now().isBefore(deadline) && pause());
        assertThat(status).isEqualTo(204);
    }

    @Test
    void theIfHeaderIsEvaluatedWithNotAndEntityTags() {
        davPut("if.txt", "i");
        String etag = request(HttpMethod.GET, "if.txt")
                .exchange()
                .returnResult(String.class)
                .getResponseHeaders()
                .getETag();
        request(HttpMethod.PUT, "if.txt")
                .header("If", "([" + etag + "])")
                .bodyValue("j")
                .exchange()
                .expectStatus()
                .isNoContent();
        request(HttpMethod.PUT, "if.txt")
                .header("If", "([" + etag + "])")
                .bodyValue("k")
                .exchange()
                .expectStatus()
                .isEqualTo(412);
        request(HttpMethod.PUT, "if.txt")
                .header("If", "(Not <DAV:no-lock>)")
                .bodyValue("k")
                .exchange()
                .expectStatus()
                .isNoContent();
        request(HttpMethod.PUT, "if.txt")
                .header("If", "(<DAV:no-lock>)")
                .bodyValue("l")
                .exchange()
                .expectStatus()
                .isEqualTo(412);
        // Either list may hold
        request(HttpMethod.PUT, "if.txt")
                .header("If", "(<DAV:no-lock>) (Not <DAV:no-lock>)")
                .bodyValue("m")
                .exchange()
                .expectStatus()
                .isNoContent();
        request(HttpMethod.PUT, "if.txt")
                .header("If", "(garbage")
                .bodyValue("n")
                .exchange()
                .expectStatus()
                .isBadRequest();
        request(HttpMethod.GET, "if.txt").exchange().expectBody(String.class).isEqualTo("m");
    }

    @Test
    void unlockNeedsTheTokenOfALockOnTheResource() {
        davPut("u.txt", "u");
        davPut("other.txt", "o");
        String token = lock("u.txt", EXCLUSIVE_LOCK, "0");
        request(UNLOCK, "u.txt").exchange().expectStatus().isBadRequest();
        request(UNLOCK, "u.txt")
                .header("Lock-Token", "<urn:uuid:nope>")
                .exchange()
                .expectStatus()
                .isEqualTo(409);
        request(UNLOCK, "other.txt")
                .header("Lock-Token", "<" + token + ">")
                .exchange()
                .expectStatus()
                .isEqualTo(409);
        request(UNLOCK, "u.txt")
                .header("Lock-Token", "<" + token + ">")
                .exchange()
                .expectStatus()
                .isNoContent();
        request(UNLOCK, "u.txt")
                .header("Lock-Token", "<" + token + ">")
                .exchange()
                .expectStatus()
                .isEqualTo(409);
    }

    @Test
    void aLockBodyMustBeALockinfo() {
        davPut("b.txt", "b");
        xml(LOCK, "b.txt", "<D:propfind xmlns:D=\"DAV:\"/>", "Depth", "0")
                .expectStatus()
                .isBadRequest();
        xml(LOCK, "b.txt", EXCLUSIVE_LOCK, "Depth", "1").expectStatus().isBadRequest();
        request(LOCK, "b.txt").exchange().expectStatus().isBadRequest();
        request(HttpMethod.PUT, "b.txt")
                .bodyValue("c")
                .exchange()
                .expectStatus()
                .isNoContent();
    }

    private static boolean pause() {
        try {
            Thread.sleep(200);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
