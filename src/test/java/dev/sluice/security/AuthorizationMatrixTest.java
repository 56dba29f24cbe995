package dev.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * Every route of the API, the actuator, the page and Swagger UI, called by every kind of caller, with the status
 * each must get and, for writes, a check that nothing changed where the answer was a refusal. A refusal for a key
 * outside the caller's home is 403 whether or not the key exists.
 */
class AuthorizationMatrixTest extends SecurityTestSupport {

    /** Callers, by the name used in the expectations, with their Authorization header (null: none). */
    private static final Map<String, String> CALLERS = new LinkedHashMap<>();

    static {
        CALLERS.put("anonymous", null);
        CALLERS.put("reader", basic("reader", PASSWORD));
        CALLERS.put("writer", basic("writer", PASSWORD));
        CALLERS.put("admin", basic("admin", PASSWORD));
        CALLERS.put("alice", basic("alice", PASSWORD));
        CALLERS.put("token", "Bearer " + WRITER_TOKEN);
        CALLERS.put("aliceToken", "Bearer " + ALICE_TOKEN);
        CALLERS.put("wrongPassword", basic("writer", "wrong"));
        CALLERS.put("unknownToken", "Bearer not-a-token");
    }

    private String run;

    @BeforeEach
    void seed() {
        run = "m-" + UUID.randomUUID();
        adminPut("alice/" + run + "/a.txt");
        adminPut("bob/" + run + "/b.txt");
    }

    @Test
    void readingRoutes() {
        String bob = "bob/" + run + "/";
        String alice = "alice/" + run + "/";
        expect(
                HttpMethod.GET,
                "/api/v1/files?prefix=" + bob,
                "anonymous=401 reader=200 writer=200 admin=200 "
                        + "alice=403 token=200 aliceToken=403 wrongPassword=401 unknownToken=401");
        expect(
                HttpMethod.GET,
                "/api/v1/files?prefix=" + alice,
                "anonymous=401 reader=200 writer=200 admin=200 "
                        + "alice=200 token=200 aliceToken=200 wrongPassword=401 unknownToken=401");
        expect(HttpMethod.GET, "/api/v1/files", "anonymous=401 reader=200 alice=403 aliceToken=403");
        // A prefix that is a prefix of the home, but reaches beyond it
        expect(HttpMethod.GET, "/api/v1/files?prefix=ali", "alice=403 aliceToken=403 reader=200");
        for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.HEAD)) {
            expect(
                    method,
                    "/api/v1/files/" + bob + "b.txt",
                    "anonymous=401 reader=200 writer=200 admin=200 "
                            + "alice=403 token=200 aliceToken=403 wrongPassword=401 unknownToken=401");
            expect(method, "/api/v1/files/" + alice + "a.txt", "anonymous=401 reader=200 alice=200 aliceToken=200");
            expect(
                    method,
                    "/api/v1/metadata/" + bob + "b.txt",
                    "anonymous=401 reader=200 alice=403 " + "aliceToken=403 wrongPassword=401");
        }
        // Outside the home: 403 whether or not the key exists; inside it, a missing key is a 404
        expect(
                HttpMethod.GET,
                "/api/v1/files/" + bob + "missing.txt",
                "anonymous=401 reader=404 alice=403 " + "aliceToken=403");
        expect(HttpMethod.GET, "/api/v1/files/" + alice + "missing.txt", "alice=404 aliceToken=404");
        // An encoded slash is a separator for authorization exactly as for the controller
        expect(HttpMethod.GET, "/api/v1/files/bob%2F" + run + "%2Fb.txt", "alice=403 reader=200");
        expect(HttpMethod.GET, "/api/v1/files/alice/..%2Fbob/" + run + "/b.txt", "alice=400 reader=400");
        expect(HttpMethod.GET, "/api/v1/limits", "anonymous=401 reader=200 alice=200 wrongPassword=401");
    }

    @Test
    void writingRoutesChangeNothingWhenRefused() {
        for (String caller : CALLERS.keySet()) {
            String bobKey = "bob/" + run + "/new-" + caller + ".txt";
            String aliceKey = "alice/" + run + "/new-" + caller + ".txt";
            int bob = send(caller, HttpMethod.PUT, "/api/v1/files/" + bobKey, "data");
            int alice = send(caller, HttpMethod.PUT, "/api/v1/files/" + aliceKey, "data");
            assertThat(bob)
                    .as(caller + " PUT bob")
                    .isEqualTo(Map.of(
                                    "anonymous",
                                    401,
                                    "reader",
                                    403,
                                    "writer",
                                    201,
                                    "admin",
                                    201,
                                    "alice",
                                    403,
                                    "token",
                                    201,
                                    "aliceToken",
                                    403,
                                    "wrongPassword",
                                    401,
                                    "unknownToken",
                                    401)
                            .get(caller));
            assertThat(alice)
                    .as(caller + " PUT alice")
                    .isEqualTo(Map.of(
                                    "anonymous",
                                    401,
                                    "reader",
                                    403,
                                    "writer",
                                    201,
                                    "admin",
                                    201,
                                    "alice",
                                    201,
                                    "token",
                                    201,
                                    "aliceToken",
                                    201,
                                    "wrongPassword",
                                    401,
                                    "unknownToken",
                                    401)
                            .get(caller));
            assertThat(exists(bobKey)).as(caller + " bob stored").isEqualTo(bob == 201);
            assertThat(exists(aliceKey)).as(caller + " alice stored").isEqualTo(alice == 201);

            String doomed = "bob/" + run + "/doomed-" + caller + ".txt";
            adminPut(doomed);
            int delete = send(caller, HttpMethod.DELETE, "/api/v1/files/" + doomed, null);
            assertThat(delete)
                    .as(caller + " DELETE bob")
                    .isEqualTo(Map.of(
                                    "anonymous",
                                    401,
                                    "reader",
                                    403,
                                    "writer",
                                    204,
                                    "admin",
                                    204,
                                    "alice",
                                    403,
                                    "token",
                                    204,
                                    "aliceToken",
                                    403,
                                    "wrongPassword",
                                    401,
                                    "unknownToken",
                                    401)
                            .get(caller));
            assertThat(exists(doomed)).as(caller + " doomed still there").isEqualTo(delete != 204);
            // Deleting a key that does not exist outside the home is refused just the same
            int missing = send(caller, HttpMethod.DELETE, "/api/v1/files/bob/" + run + "/never.txt", null);
            assertThat(missing).as(caller + " DELETE missing").isEqualTo(delete == 204 ? 404 : delete);

            int multipartBob = multipart(caller, "bob/" + run + "/mp-" + caller + "/");
            int multipartAlice = multipart(caller, "alice/" + run + "/mp-" + caller + "/");
            assertThat(multipartBob).as(caller + " POST bob").isEqualTo(bob);
            assertThat(multipartAlice).as(caller + " POST alice").isEqualTo(alice);
            assertThat(exists("bob/" + run + "/mp-" + caller + "/f.txt")).isEqualTo(multipartBob == 201);
            assertThat(exists("alice/" + run + "/mp-" + caller + "/f.txt")).isEqualTo(multipartAlice == 201);
        }
    }

    /**
     * ZIPs: a folder's needs read access to the folder (a home confines it, and the home folder itself is reachable);
     * the route alone is the caller's home; a selection URL is asked for by a reader for items within their home, and
     * then opened with no credentials at all, its signature being its authority.
     */
    @Test
    void zipsNeedReadAccessToTheirFoldersAndSignedUrlsNeedNoCredentials() {
        String bob = "bob/" + run;
        String alice = "alice/" + run;
        for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.HEAD)) {
            expect(
                    method,
                    "/api/v1/zip/" + bob,
                    "anonymous=401 reader=200 writer=200 admin=200 "
                            + "alice=403 token=200 aliceToken=403 wrongPassword=401 unknownToken=401");
            expect(method, "/api/v1/zip/" + alice, "anonymous=401 reader=200 alice=200 aliceToken=200");
            expect(method, "/api/v1/zip/alice", "alice=200 aliceToken=200");
            expect(method, "/api/v1/zip/ali", "alice=403 aliceToken=403");
            expect(method, "/api/v1/zip/bob%2F" + run, "alice=403 reader=200");
            expect(method, "/api/v1/zip/alice/..%2Fbob", "alice=400 reader=400");
            expect(method, "/api/v1/zip", "anonymous=401 alice=200 aliceToken=200 wrongPassword=401");
            expect(method, "/api/v1/zips/not-a.token", "anonymous=403 reader=403");
        }
        String bobItems = "{\"items\":[\"" + bob + "/b.txt\"]}";
        String aliceItems = "{\"items\":[\"" + alice + "/\"]}";
        Map<String, Integer> bobLink = Map.of(
                "anonymous",
                401,
                "reader",
                200,
                "writer",
                200,
                "admin",
                200,
                "alice",
                403,
                "token",
                200,
                "aliceToken",
                403,
                "wrongPassword",
                401,
                "unknownToken",
                401);
        for (String caller : CALLERS.keySet()) {
            assertThat(postJson(caller, "/api/v1/zips", bobItems))
                    .as(caller + " POST zips bob")
                    .isEqualTo(bobLink.get(caller));
        }
        for (String caller : List.of("alice", "aliceToken", "reader")) {
            String answer = client.post()
                    .uri(uri("/api/v1/zips"))
                    .header(HttpHeaders.AUTHORIZATION, CALLERS.get(caller))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(aliceItems)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
            String href = answer.replaceAll(".*\"href\":\"([^\"]+)\".*", "$1");
            expect(HttpMethod.GET, href, "anonymous=200 wrongPassword=401");
            expect(HttpMethod.HEAD, href, "anonymous=200");
        }
    }

    /** {@code ""} in a selection is everything the caller may read: for a caller with a home, that home. */
    @Test
    void anEmptyItemIsTheCallersHome() {
        for (String caller : List.of("alice", "aliceToken", "reader")) {
            assertThat(postJson(caller, "/api/v1/zips", "{\"items\":[\"\"]}"))
                    .as(caller)
                    .isEqualTo(200);
        }
    }

    private int postJson(String caller, String path, String json) {
        var request = client.post().uri(uri(path)).contentType(MediaType.APPLICATION_JSON);
        String authorization = CALLERS.get(caller);
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        return request.bodyValue(json)
                .exchange()
                .expectBody()
                .returnResult()
                .getStatus()
                .value();
    }

    /**
     * Folders need write access to the folder (its path, as a key's); a move or copy needs write access to both its
     * source and its destination, which are in the body: a caller confined to {@code alice/} can neither move a file
     * out of it nor into it from outside. A refusal changes nothing.
     */
    @Test
    void foldersMovesAndCopiesNeedWriteAccessToBothSides() {
        Map<String, Integer> outside = Map.of(
                "anonymous",
                401,
                "reader",
                403,
                "writer",
                200,
                "admin",
                200,
                "alice",
                403,
                "token",
                200,
                "aliceToken",
                403,
                "wrongPassword",
                401,
                "unknownToken",
                401);
        Map<String, Integer> inside = new java.util.HashMap<>(outside);
        inside.put("alice", 200);
        inside.put("aliceToken", 200);
        for (String caller : CALLERS.keySet()) {
            String alice = "alice/" + run + "/";
            String bob = "bob/" + run + "/";
            for (String owner : List.of(alice, bob)) {
                int created = send(caller, HttpMethod.PUT, "/api/v1/folders/" + owner + "new-" + caller, null);
                int expected = (owner.equals(alice) ? inside : outside).get(caller);
                assertThat(created).as(caller + " PUT folder " + owner).isEqualTo(expected == 200 ? 201 : expected);
                assertThat(listed(owner, owner + "new-" + caller + "/")).isEqualTo(created == 201);
            }
            adminFolder(bob + "doomed-" + caller);
            int deleted = send(caller, HttpMethod.DELETE, "/api/v1/folders/" + bob + "doomed-" + caller, null);
            assertThat(deleted)
                    .as(caller + " DELETE folder bob")
                    .isEqualTo(outside.get(caller) == 200 ? 204 : outside.get(caller));
            assertThat(listed(bob, bob + "doomed-" + caller + "/")).isEqualTo(deleted != 204);

            adminPut(alice + "out-" + caller + ".txt");
            int out = transfer(caller, "move", alice + "out-" + caller + ".txt", bob + "out-" + caller + ".txt");
            assertThat(out).as(caller + " move out of alice's home").isEqualTo(outside.get(caller));
            assertThat(exists(alice + "out-" + caller + ".txt")).isEqualTo(out != 200);

            adminPut(bob + "in-" + caller + ".txt");
            int in = transfer(caller, "move", bob + "in-" + caller + ".txt", alice + "in-" + caller + ".txt");
            assertThat(in).as(caller + " move into alice's home").isEqualTo(outside.get(caller));
            assertThat(exists(alice + "in-" + caller + ".txt")).isEqualTo(in == 200);

            int copyIn = transfer(caller, "copy", bob + "b.txt", alice + "copy-" + caller + ".txt");
            assertThat(copyIn).as(caller + " copy from bob").isEqualTo(outside.get(caller));
            assertThat(exists(alice + "copy-" + caller + ".txt")).isEqualTo(copyIn == 200);

            int within = transfer(caller, "copy", alice + "a.txt", alice + "within-" + caller + ".txt");
            assertThat(within).as(caller + " copy within alice's home").isEqualTo(inside.get(caller));

            int folderOut = transfer(caller, "copy", alice, bob + "copied-" + caller + "/");
            assertThat(folderOut).as(caller + " copy alice's folder out").isEqualTo(outside.get(caller));
        }
    }

    private int transfer(String caller, String route, String from, String to) {
        var request = client.post().uri(uri("/api/v1/" + route)).contentType(MediaType.APPLICATION_JSON);
        String authorization = CALLERS.get(caller);
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        return request.bodyValue("{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}")
                .exchange()
                .expectBody()
                .returnResult()
                .getStatus()
                .value();
    }

    private void adminFolder(String path) {
        client.put()
                .uri(uri("/api/v1/folders/" + path))
                .header(HttpHeaders.AUTHORIZATION, TestTokens.BEARER)
                .exchange()
                .expectStatus()
                .is2xxSuccessful();
    }

    /** Whether {@code folder} is among the sub-folders of {@code parent}. */
    private boolean listed(String parent, String folder) {
        String body = new String(
                client.get()
                        .uri(uri("/api/v1/files?delimiter=/&prefix=" + parent))
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.BEARER)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .returnResult()
                        .getResponseBody(),
                StandardCharsets.UTF_8);
        return body.contains("\"" + folder + "\"");
    }

    /**
     * tus uploads: creating one needs write access to its target folder (in {@code Upload-Metadata}), as a PUT
     * does; an upload URL is its creator's alone (any other caller gets 404, a caller without write access 403);
     * discovery (OPTIONS) needs no credentials.
     */
    @Test
    void tusUploadsNeedWriteAccessToTheirTargetAndBelongToTheirCreator() {
        Map<String, Integer> bobCreation = Map.of(
                "anonymous",
                401,
                "reader",
                403,
                "writer",
                201,
                "admin",
                201,
                "alice",
                403,
                "token",
                201,
                "aliceToken",
                403,
                "wrongPassword",
                401,
                "unknownToken",
                401);
        Map<String, Integer> aliceCreation = new java.util.HashMap<>(bobCreation);
        aliceCreation.put("alice", 201);
        aliceCreation.put("aliceToken", 201);
        for (String caller : CALLERS.keySet()) {
            for (String owner : List.of("bob", "alice")) {
                String prefix = owner + "/" + run + "/tus-" + caller + "/";
                int status = tusCreate(caller, prefix);
                assertThat(status)
                        .as(caller + " tus " + owner)
                        .isEqualTo((owner.equals("bob") ? bobCreation : aliceCreation).get(caller));
                assertThat(exists(prefix + "t.txt"))
                        .as(caller + " tus " + owner + " stored")
                        .isEqualTo(status == 201);
            }
        }
        String upload = tusUpload("admin", "bob/" + run + "/owned/");
        expect(
                HttpMethod.HEAD,
                upload,
                "anonymous=401 reader=403 writer=404 admin=200 alice=404 token=404 aliceToken=404 "
                        + "wrongPassword=401 unknownToken=401");
        expect(HttpMethod.OPTIONS, "/api/v1/uploads", "anonymous=200 reader=200 admin=200");
        for (String caller : List.of("writer", "alice", "token", "reader", "anonymous")) {
            var request = client.patch()
                    .uri(uri(upload))
                    .header("Tus-Resumable", "1.0.0")
                    .header("Upload-Offset", "0")
                    .header(HttpHeaders.CONTENT_TYPE, "application/offset+octet-stream");
            if (CALLERS.get(caller) != null) {
                request.header(HttpHeaders.AUTHORIZATION, CALLERS.get(caller));
            }
            int status = request.bodyValue("data!")
                    .exchange()
                    .expectBody()
                    .returnResult()
                    .getStatus()
                    .value();
            assertThat(status).as(caller + " PATCH of another's upload").isIn(401, 403, 404);
        }
        assertThat(exists("bob/" + run + "/owned/t.txt")).isFalse();
    }

    /** A tus creation with its whole 5-byte content (creation-with-upload); the status. */
    private int tusCreate(String caller, String prefix) {
        var request = client.post()
                .uri(uri("/api/v1/uploads"))
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "5")
                .header("Upload-Metadata", tusMetadata(prefix))
                .header(HttpHeaders.CONTENT_TYPE, "application/offset+octet-stream");
        if (CALLERS.get(caller) != null) {
            request.header(HttpHeaders.AUTHORIZATION, CALLERS.get(caller));
        }
        return request.bodyValue("data!")
                .exchange()
                .expectBody()
                .returnResult()
                .getStatus()
                .value();
    }

    /** An unfinished tus upload created by {@code caller}; its path. */
    private String tusUpload(String caller, String prefix) {
        String location = client.post()
                .uri(uri("/api/v1/uploads"))
                .header(HttpHeaders.AUTHORIZATION, CALLERS.get(caller))
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "5")
                .header("Upload-Metadata", tusMetadata(prefix))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult()
                .getResponseHeaders()
                .getFirst(HttpHeaders.LOCATION);
        return location.substring(location.indexOf("/api/v1/uploads"));
    }

    private static String tusMetadata(String prefix) {
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        return "filename " + base64.encodeToString("t.txt".getBytes(StandardCharsets.UTF_8)) + ",prefix "
                + base64.encodeToString(prefix.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void actuatorPageAndApiDocs() {
        expect(HttpMethod.GET, "/actuator/health/liveness", "anonymous=200 reader=200 admin=200 wrongPassword=401");
        expect(HttpMethod.GET, "/actuator/health/readiness", "anonymous=200 reader=200");
        for (String data : List.of("/actuator/prometheus", "/actuator/transfers", "/actuator/info", "/actuator")) {
            expect(
                    HttpMethod.GET,
                    data,
                    "anonymous=401 reader=403 writer=403 admin=200 alice=403 token=403 "
                            + "aliceToken=403 wrongPassword=401 unknownToken=401");
        }
        // Paths that try to slip past the matchers never reach the endpoint for a non-admin
        for (String sneaky : List.of(
                "//actuator/prometheus", "/actuator;x/prometheus", "/actuator/./prometheus", "/ACTUATOR/prometheus")) {
            int status = send("reader", HttpMethod.GET, sneaky, null);
            assertThat(status).as(sneaky).isNotEqualTo(200);
        }
        expect(HttpMethod.GET, "/", "anonymous=200 reader=200 wrongPassword=401");
        expect(HttpMethod.GET, "/js/main.js", "anonymous=200");
        expect(HttpMethod.GET, "/app.css", "anonymous=200");
        // springdoc builds the document on its first request (over 5 s on a loaded machine): built once here with
        // time to spare, so the matrix's short-timeout request below does not wait on springdoc's lock.
        client.mutate()
                .responseTimeout(java.time.Duration.ofMinutes(2))
                .build()
                .get()
                .uri(uri("/v3/api-docs"))
                .exchange()
                .expectStatus()
                .isOk();
        expect(HttpMethod.GET, "/v3/api-docs", "anonymous=200 admin=200");
        expect(HttpMethod.GET, "/swagger-ui/index.html", "anonymous=200");
        expect(HttpMethod.GET, "/swagger-ui.html", "anonymous=302");
        expect(HttpMethod.GET, "/api/v1/me", "anonymous=200 reader=200 alice=200 wrongPassword=401");
        expect(HttpMethod.GET, "/api/v1/no-such-route", "anonymous=401 reader=404");
    }

    @Test
    void refusalsAreProblemDetailsAndOnlyNonScriptRequestsGetABasicChallenge() {
        client.get()
                .uri(uri("/api/v1/files"))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals(
                        HttpHeaders.WWW_AUTHENTICATE,
                        "Basic realm=\"Sluice\", charset=\"UTF-8\", Bearer realm=\"Sluice\"")
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("unauthorized")
                .jsonPath("$.status")
                .isEqualTo(401);
        client.get()
                .uri(uri("/api/v1/files"))
                .header("X-Requested-With", "XMLHttpRequest")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"Sluice\"");
        client.get()
                .uri(uri("/api/v1/files"))
                .header("Sec-Fetch-Mode", "cors")
                .exchange()
                .expectHeader()
                .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"Sluice\"");
        client.get()
                .uri(uri("/api/v1/files/bob/" + run + "/b.txt"))
                .header(HttpHeaders.AUTHORIZATION, basic("alice", PASSWORD))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("forbidden")
                .jsonPath("$.status")
                .isEqualTo(403);
    }

    @Test
    void authenticatedContentIsPrivateToCaches() {
        client.get()
                .uri(uri("/api/v1/files/bob/" + run + "/b.txt"))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITER_TOKEN)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.CACHE_CONTROL, "private, no-cache");
    }

    /**
     * The decision comes before the body: an anonymous PUT with {@code Expect: 100-continue} is answered 401 without
     * an interim 100, so the client never sends its body.
     */
    @Test
    void anUnauthorizedUploadIsRefusedBeforeItsBodyIsAskedFor() throws IOException {
        String key = "bob/" + run + "/expect.txt";
        String head = "PUT /api/v1/files/" + key + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1048576\r\n"
                + "Expect: 100-continue\r\n\r\n";
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String status = readLine(socket.getInputStream());
            assertThat(status).startsWith("HTTP/1.1 401 ");
        }
        assertThat(exists(key)).isFalse();
    }

    private void expect(HttpMethod method, String path, String expectations) {
        List<String> failures = new ArrayList<>();
        for (String pair : expectations.trim().split("\\s+")) {
            String[] callerAndStatus = pair.split("=");
            int status = send(callerAndStatus[0], method, path, null);
            if (status != Integer.parseInt(callerAndStatus[1])) {
                failures.add(callerAndStatus[0] + " got " + status + ", expected " + callerAndStatus[1]);
            }
        }
        assertThat(failures).as(method + " " + path).isEmpty();
    }

    private int send(String caller, HttpMethod method, String rawPath, String body) {
        var request = client.method(method).uri(uri(rawPath));
        String authorization = CALLERS.get(caller);
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        var response =
                body == null ? request.exchange() : request.bodyValue(body).exchange();
        return response.expectBody().returnResult().getStatus().value();
    }

    private int multipart(String caller, String prefix) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("file", "data".getBytes(StandardCharsets.UTF_8))
                .filename("f.txt")
                .contentType(MediaType.TEXT_PLAIN);
        var request = client.post().uri(uri("/api/v1/files?prefix=" + prefix));
        String authorization = CALLERS.get(caller);
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        return request.body(BodyInserters.fromMultipartData(parts.build()))
                .exchange()
                .expectBody()
                .returnResult()
                .getStatus()
                .value();
    }

    private void adminPut(String key) {
        client.put()
                .uri(uri("/api/v1/files/" + key))
                .header(HttpHeaders.AUTHORIZATION, TestTokens.BEARER)
                .bodyValue("seed")
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

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
