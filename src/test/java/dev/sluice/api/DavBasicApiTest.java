package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * WebDAV class 1 the way the litmus suite's {@code basic}, {@code http} and {@code props} groups check it: OPTIONS,
 * PUT/GET/DELETE through the v1 API's upload and download paths, PROPFIND at depth 0 and 1 with allprop, propname
 * and named properties, PROPPATCH of dead properties, and the hardened XML parser.
 */
class DavBasicApiTest extends DavSupport {

    @Test
    void optionsAdvertisesClassesOneAndTwo() {
        request(HttpMethod.OPTIONS, "")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("DAV", "1, 2")
                .expectHeader()
                .value(
                        "Allow",
                        allow -> assertThat(allow)
                                .contains("PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK"));
    }

    @Test
    void putGetReplaceDeleteLikeTheApi() {
        davPut("doc.txt", "first");
        request(HttpMethod.GET, "doc.txt")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .exists("ETag")
                .expectBody(String.class)
                .isEqualTo("first");
        request(HttpMethod.PUT, "doc.txt")
                .bodyValue("second")
                .exchange()
                .expectStatus()
                .isNoContent();
        client.get()
                .uri(files(folder + "doc.txt"))
                .exchange()
                .expectBody(String.class)
                .isEqualTo("second");
        request(HttpMethod.GET, "doc.txt")
                .header("Range", "bytes=1-2")
                .exchange()
                .expectStatus()
                .isEqualTo(206)
                .expectBody(String.class)
                .isEqualTo("ec");
        request(HttpMethod.DELETE, "doc.txt").exchange().expectStatus().isNoContent();
        request(HttpMethod.GET, "doc.txt").exchange().expectStatus().isNotFound();
        request(HttpMethod.DELETE, "doc.txt").exchange().expectStatus().isNotFound();
    }

    @Test
    void putIntoAMissingFolderIsAConflictAndStoresNothing() {
        request(HttpMethod.PUT, "nowhere/doc.txt")
                .bodyValue("x")
                .exchange()
                .expectStatus()
                .isEqualTo(409);
        client.get()
                .uri(files(folder + "nowhere/doc.txt"))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void putHonoursConditionsAndTheSizeLimit() {
        davPut("c.txt", "one");
        request(HttpMethod.PUT, "c.txt")
                .header("If-None-Match", "*")
                .bodyValue("two")
                .exchange()
                .expectStatus()
                .isEqualTo(412);
        request(HttpMethod.PUT, "big.bin")
                .bodyValue(new byte[MAX_FILE_SIZE + 1])
                .exchange()
                .expectStatus()
                .isEqualTo(413);
        request(HttpMethod.GET, "big.bin").exchange().expectStatus().isNotFound();
        request(HttpMethod.GET, "c.txt").exchange().expectBody(String.class).isEqualTo("one");
    }

    @Test
    void propfindDepthZeroOfAFileHasTheLiveProperties() {
        davPut("a%20b.txt", "hello");
        Multistatus status = Multistatus.parse(propfind("a%20b.txt", "0"));
        String href = dav("a%20b.txt");
        assertThat(status.responses()).containsOnlyKeys(href);
        assertThat(status.dav(href, "getcontentlength")).isEqualTo("5");
        assertThat(status.dav(href, "getcontenttype")).startsWith("text/plain");
        assertThat(status.dav(href, "getetag")).startsWith("\"");
        assertThat(status.dav(href, "getlastmodified")).endsWith("GMT");
        assertThat(status.dav(href, "creationdate")).endsWith("Z");
        assertThat(status.dav(href, "displayname")).isEqualTo("a b.txt");
        assertThat(status.dav(href, "resourcetype")).isEmpty();
        assertThat(status.dav(href, "supportedlock")).contains("<lockentry>");
        assertThat(status.of(href)).containsKey("{DAV:}lockdiscovery");
    }

    @Test
    void propfindDepthOneListsMembersWithEncodedHrefs() {
        davPut("plain.txt", "1");
        client.put()
                .uri(files(folder + "sub/inner.txt"))
                .bodyValue("2")
                .exchange()
                .expectStatus()
                .isCreated();
        client.put()
                .uri(files(folder + "%C3%A9t%C3%A9%20%2325.txt"))
                .bodyValue("3")
                .exchange()
                .expectStatus()
                .isCreated();
        Multistatus status = Multistatus.parse(propfind("", "1"));
        assertThat(status.responses())
                .containsOnlyKeys(dav(""), dav("plain.txt"), dav("sub/"), dav("%C3%A9t%C3%A9%20%2325.txt"));
        assertThat(status.dav(dav(""), "resourcetype")).isEqualTo("<collection>");
        assertThat(status.dav(dav("sub/"), "resourcetype")).isEqualTo("<collection>");
        assertThat(status.dav(dav("%C3%A9t%C3%A9%20%2325.txt"), "displayname")).isEqualTo("été #25.txt");
        // A folder without the trailing slash is the same folder
        assertThat(Multistatus.parse(propfind("sub", "0")).responses()).containsOnlyKeys(dav("sub/"));
    }

    @Test
    void propfindInfinityIsRefusedWithTheFiniteDepthPrecondition() {
        davPut("x.txt", "x");
        String body = body(request(PROPFIND, "")
                .header("Depth", "infinity")
                .exchange()
                .expectStatus()
                .isForbidden());
        assertThat(body).contains("propfind-finite-depth");
        String noDepth = body(request(PROPFIND, "").exchange().expectStatus().isForbidden());
        assertThat(noDepth).contains("propfind-finite-depth");
    }

    @Test
    void propfindOfNothingIsNotFound() {
        request(PROPFIND, "missing.txt")
                .header("Depth", "0")
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void propnameAndNamedProperties() {
        davPut("n.txt", "abc");
        Multistatus names = Multistatus.parse(body(xml(
                        PROPFIND,
                        "n.txt",
                        "<?xml version=\"1.0\"?><propfind xmlns=\"DAV:\"><propname/></propfind>",
                        "Depth",
                        "0")
                .expectStatus()
                .isEqualTo(207)));
        assertThat(names.of(dav("n.txt")))
                .containsKeys("{DAV:}getcontentlength", "{DAV:}getetag", "{DAV:}lockdiscovery")
                .allSatisfy((name, prop) -> assertThat(prop.text()).isEmpty());
        Multistatus named = Multistatus.parse(body(xml(
                        PROPFIND,
                        "n.txt",
                        "<?xml version=\"1.0\"?><D:propfind xmlns:D=\"DAV:\" xmlns:Z=\"urn:x\"><D:prop>"
                                + "<D:getcontentlength/><Z:nothing/></D:prop></D:propfind>",
                        "Depth",
                        "0")
                .expectStatus()
                .isEqualTo(207)));
        assertThat(named.of(dav("n.txt"))).containsOnlyKeys("{DAV:}getcontentlength", "{urn:x}nothing");
        assertThat(named.of(dav("n.txt")).get("{DAV:}getcontentlength").text()).isEqualTo("3");
        assertThat(named.of(dav("n.txt")).get("{urn:x}nothing").status()).isEqualTo(404);
    }

    @Test
    void deadPropertiesFollowTheV1ApisMovesCopiesAndDeletes() {
        request(MKCOL, "w/").exchange().expectStatus().isCreated();
        davPut("w/a.txt", "a");
        String set = "<?xml version=\"1.0\"?><D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"urn:win\">"
                + "<D:set><D:prop><Z:note>kept</Z:note></D:prop></D:set></D:propertyupdate>";
        xml(PROPPATCH, "w/a.txt", set).expectStatus().isEqualTo(207);
        v1("move", folder + "w/a.txt", folder + "w/b.txt");
        assertThat(Multistatus.parse(propfind("w/b.txt", "0"))
                        .of(dav("w/b.txt"))
                        .get("{urn:win}note")
                        .text())
                .isEqualTo("kept");
        v1("copy", folder + "w/b.txt", folder + "w/c.txt");
        assertThat(Multistatus.parse(propfind("w/c.txt", "0"))
                        .of(dav("w/c.txt"))
                        .get("{urn:win}note")
                        .text())
                .isEqualTo("kept");
        v1("move", folder + "w/", folder + "x/");
        assertThat(Multistatus.parse(propfind("x/b.txt", "0"))
                        .of(dav("x/b.txt"))
                        .get("{urn:win}note")
                        .text())
                .isEqualTo("kept");

        client.delete().uri(files(folder + "x/b.txt")).exchange().expectStatus().isNoContent();
        davPut("x/b.txt", "new");
        assertThat(Multistatus.parse(propfind("x/b.txt", "0")).of(dav("x/b.txt")))
                .as("a new file at a deleted one's key inherits nothing")
                .doesNotContainKey("{urn:win}note");
        client.delete()
                .uri(uri("/api/v1/folders/" + folder + "x?recursive=true"))
                .exchange()
                .expectStatus()
                .isNoContent();
        request(MKCOL, "x/").exchange().expectStatus().isCreated();
        davPut("x/c.txt", "new");
        assertThat(Multistatus.parse(propfind("x/c.txt", "0")).of(dav("x/c.txt")))
                .doesNotContainKey("{urn:win}note");
    }

    private void v1(String route, String from, String to) {
        client.post()
                .uri(uri("/api/v1/" + route))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue("{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}")
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void proppatchStoresDeadPropertiesAndRefusesLiveOnes() {
        davPut("p.txt", "p");
        String set = "<?xml version=\"1.0\"?><D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"urn:win\">"
                + "<D:set><D:prop><Z:Win32LastModifiedTime>Wed, 02 Dec 2026 10:00:00 GMT</Z:Win32LastModifiedTime>"
                + "<Z:note>a &amp; b</Z:note></D:prop></D:set></D:propertyupdate>";
        Multistatus patched = Multistatus.parse(
                body(xml(PROPPATCH, "p.txt", set).expectStatus().isEqualTo(207)));
        assertThat(patched.of(dav("p.txt")).get("{urn:win}note").status()).isEqualTo(200);
        Multistatus all = Multistatus.parse(propfind("p.txt", "0"));
        assertThat(all.of(dav("p.txt")).get("{urn:win}note").text()).isEqualTo("a & b");
        assertThat(all.of(dav("p.txt")).get("{urn:win}Win32LastModifiedTime").text())
                .contains("2026");
        Multistatus listed = Multistatus.parse(propfind("", "1"));
        assertThat(listed.of(dav("p.txt"))).containsKey("{urn:win}note");

        String remove = "<?xml version=\"1.0\"?><D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"urn:win\">"
                + "<D:remove><D:prop><Z:note/></D:prop></D:remove></D:propertyupdate>";
        xml(PROPPATCH, "p.txt", remove).expectStatus().isEqualTo(207);
        assertThat(Multistatus.parse(propfind("p.txt", "0")).of(dav("p.txt"))).doesNotContainKey("{urn:win}note");

        String live = "<?xml version=\"1.0\"?><D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"urn:win\">"
                + "<D:set><D:prop><D:getetag>\"x\"</D:getetag><Z:other>1</Z:other></D:prop></D:set>"
                + "</D:propertyupdate>";
        Multistatus refused = Multistatus.parse(
                body(xml(PROPPATCH, "p.txt", live).expectStatus().isEqualTo(207)));
        assertThat(refused.of(dav("p.txt")).get("{DAV:}getetag").status()).isEqualTo(403);
        assertThat(refused.of(dav("p.txt")).get("{urn:win}other").status()).isEqualTo(424);
        assertThat(Multistatus.parse(propfind("p.txt", "0")).of(dav("p.txt"))).doesNotContainKey("{urn:win}other");
    }

    @Test
    void hostileOrMalformedXmlIsABadRequestAndChangesNothing() {
        davPut("h.txt", "h");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><Z:n xmlns:Z=\"urn:z\">&e;</Z:n></D:prop>"
                + "</D:set></D:propertyupdate>";
        xml(PROPPATCH, "h.txt", xxe).expectStatus().isBadRequest();
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                + "<D:propfind xmlns:D=\"DAV:\"><D:prop>&b;</D:prop></D:propfind>";
        xml(PROPFIND, "h.txt", bomb, "Depth", "0").expectStatus().isBadRequest();
        xml(PROPFIND, "h.txt", "<D:propfind xmlns:D=\"DAV:\"><D:prop>", "Depth", "0")
                .expectStatus()
                .isBadRequest();
        String deep = "<a>".repeat(100) + "</a>".repeat(100);
        xml(PROPFIND, "h.txt", deep, "Depth", "0").expectStatus().isBadRequest();
        String large = "<D:propfind xmlns:D=\"DAV:\"><D:prop>" + "<D:x/>".repeat(20_000) + "</D:prop></D:propfind>";
        xml(PROPFIND, "h.txt", large, "Depth", "0").expectStatus().isBadRequest();
        assertThat(Multistatus.parse(propfind("h.txt", "0")).of(dav("h.txt"))).doesNotContainKey("{urn:z}n");
    }

    @Test
    void aFolderAnswersGetWithAPageAndCannotBePut() {
        client.put()
                .uri(files(folder + "f/x.txt"))
                .bodyValue("x")
                .exchange()
                .expectStatus()
                .isCreated();
        request(HttpMethod.GET, "f/")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith("text/html");
        request(HttpMethod.PUT, "f")
                .bodyValue("x".getBytes(StandardCharsets.UTF_8))
                .exchange()
                .expectStatus()
                .isEqualTo(405);
    }

    @Test
    void anUnknownMethodIsNotAllowed() {
        request(HttpMethod.valueOf("BREW"), "")
                .exchange()
                .expectStatus()
                .isEqualTo(405)
                .expectHeader()
                .exists("Allow");
    }
}
