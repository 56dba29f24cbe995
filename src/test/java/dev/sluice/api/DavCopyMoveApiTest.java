package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * WebDAV COPY and MOVE the way the litmus suite's {@code copymove} group checks them: files and folders,
 * {@code Overwrite} T and F, {@code Depth} 0 and infinity, a missing destination folder, the same source and
 * destination, a destination on another server, and dead properties going along.
 */
class DavCopyMoveApiTest extends DavSupport {

    private String destination(String rawPath) {
        return "http://localhost:" + port + dav(rawPath);
    }

    @Test
    void copyAFileThenOverwriteItOnlyWhenAllowed() {
        davPut("src.txt", "source");
        davPut("taken.txt", "taken");
        request(COPY, "src.txt")
                .header("Destination", destination("copy.txt"))
                .exchange()
                .expectStatus()
                .isCreated();
        request(HttpMethod.GET, "copy.txt").exchange().expectBody(String.class).isEqualTo("source");
        request(COPY, "src.txt")
                .header("Destination", destination("taken.txt"))
                .header("Overwrite", "F")
                .exchange()
                .expectStatus()
                .isEqualTo(412);
        request(HttpMethod.GET, "taken.txt").exchange().expectBody(String.class).isEqualTo("taken");
        request(COPY, "src.txt")
                .header("Destination", dav("taken.txt"))
                .exchange()
                .expectStatus()
                .isNoContent();
        request(HttpMethod.GET, "taken.txt").exchange().expectBody(String.class).isEqualTo("source");
        request(HttpMethod.GET, "src.txt").exchange().expectBody(String.class).isEqualTo("source");
    }

    @Test
    void moveAFileWithItsDeadProperties() {
        davPut("m.txt", "moved");
        xml(
                        PROPPATCH,
                        "m.txt",
                        "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><z:tag xmlns:z=\"urn:z\">kept"
                                + "</z:tag></D:prop></D:set></D:propertyupdate>")
                .expectStatus()
                .isEqualTo(207);
        request(MOVE, "m.txt")
                .header("Destination", destination("n.txt"))
                .exchange()
                .expectStatus()
                .isCreated();
        request(HttpMethod.GET, "m.txt").exchange().expectStatus().isNotFound();
        request(HttpMethod.GET, "n.txt").exchange().expectBody(String.class).isEqualTo("moved");
        assertThat(Multistatus.parse(propfind("n.txt", "0"))
                        .of(dav("n.txt"))
                        .get("{urn:z}tag")
                        .text())
                .isEqualTo("kept");
        // A new file at the old name has none of them
        davPut("m.txt", "new");
        assertThat(Multistatus.parse(propfind("m.txt", "0")).of(dav("m.txt"))).doesNotContainKey("{urn:z}tag");
    }

    @Test
    void copyAndMoveFoldersWithDepth() {
        request(MKCOL, "tree/").exchange().expectStatus().isCreated();
        request(MKCOL, "tree/empty/").exchange().expectStatus().isCreated();
        davPut("tree/a.txt", "a");
        request(MKCOL, "tree/sub/").exchange().expectStatus().isCreated();
        davPut("tree/sub/b.txt", "b");
        xml(
                        PROPPATCH,
                        "tree/sub/",
                        "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><z:f xmlns:z=\"urn:z\">sub"
                                + "</z:f></D:prop></D:set></D:propertyupdate>")
                .expectStatus()
                .isEqualTo(207);

        request(COPY, "tree/")
                .header("Destination", destination("shallow/"))
                .header("Depth", "0")
                .exchange()
                .expectStatus()
                .isCreated();
        assertThat(Multistatus.parse(propfind("shallow/", "1")).responses()).containsOnlyKeys(dav("shallow/"));

        request(COPY, "tree/")
                .header("Destination", destination("copy/"))
                .exchange()
                .expectStatus()
                .isCreated();
        assertThat(Multistatus.parse(propfind("copy/", "1")).responses())
                .containsOnlyKeys(dav("copy/"), dav("copy/a.txt"), dav("copy/empty/"), dav("copy/sub/"));
        request(HttpMethod.GET, "copy/sub/b.txt")
                .exchange()
                .expectBody(String.class)
                .isEqualTo("b");
        assertThat(Multistatus.parse(propfind("copy/sub/", "0"))
                        .of(dav("copy/sub/"))
                        .get("{urn:z}f")
                        .text())
                .isEqualTo("sub");

        request(MOVE, "tree/")
                .header("Destination", destination("moved/"))
                .header("Depth", "0")
                .exchange()
                .expectStatus()
                .isBadRequest();
        request(MOVE, "tree/")
                .header("Destination", destination("copy/"))
                .header("Overwrite", "F")
                .exchange()
                .expectStatus()
                .isEqualTo(412);
        request(MOVE, "tree/")
                .header("Destination", destination("moved/"))
                .exchange()
                .expectStatus()
                .isCreated();
        request(PROPFIND, "tree/")
                .header("Depth", "0")
                .exchange()
                .expectStatus()
                .isNotFound();
        request(HttpMethod.GET, "moved/sub/b.txt")
                .exchange()
                .expectBody(String.class)
                .isEqualTo("b");
        assertThat(Multistatus.parse(propfind("moved/sub/", "0"))
                        .of(dav("moved/sub/"))
                        .get("{urn:z}f")
                        .text())
                .isEqualTo("sub");

        // Overwrite: T replaces the destination folder as a whole (nothing of the old one stays)
        davPut("copy/only-here.txt", "x");
        request(MOVE, "moved/")
                .header("Destination", destination("copy/"))
                .exchange()
                .expectStatus()
                .isNoContent();
        request(HttpMethod.GET, "copy/only-here.txt").exchange().expectStatus().isNotFound();
        request(HttpMethod.GET, "copy/a.txt")
                .exchange()
                .expectBody(String.class)
                .isEqualTo("a");
    }

    @Test
    void refusedCopiesAndMovesChangeNothing() {
        request(MKCOL, "f/").exchange().expectStatus().isCreated();
        davPut("f/x.txt", "x");
        request(COPY, "f/x.txt")
                .header("Destination", destination("f/x.txt"))
                .exchange()
                .expectStatus()
                .isForbidden();
        request(MOVE, "f/")
                .header("Destination", destination("f/inner/"))
                .exchange()
                .expectStatus()
                .isForbidden();
        request(COPY, "f/x.txt")
                .header("Destination", destination("nowhere/x.txt"))
                .exchange()
                .expectStatus()
                .isEqualTo(409);
        request(COPY, "f/x.txt").exchange().expectStatus().isBadRequest();
        request(COPY, "f/x.txt")
                .header("Destination", "http://elsewhere.example" + dav("y.txt"))
                .exchange()
                .expectStatus()
                .isEqualTo(502);
        request(COPY, "missing.txt")
                .header("Destination", destination("y.txt"))
                .exchange()
                .expectStatus()
                .isNotFound();
        assertThat(Multistatus.parse(propfind("", "1")).responses()).containsOnlyKeys(dav(""), dav("f/"));
    }

    @Test
    void mkcolRules() {
        request(MKCOL, "dir/").exchange().expectStatus().isCreated();
        request(MKCOL, "dir/").exchange().expectStatus().isEqualTo(405);
        request(MKCOL, "a/b/").exchange().expectStatus().isEqualTo(409);
        request(MKCOL, "body/").bodyValue("<x/>").exchange().expectStatus().isEqualTo(415);
        davPut("file.txt", "f");
        request(MKCOL, "file.txt").exchange().expectStatus().isEqualTo(405);
        request(MKCOL, "file.txt/sub/").exchange().expectStatus().isEqualTo(409);
        assertThat(Multistatus.parse(propfind("dir/", "0")).dav(dav("dir/"), "resourcetype"))
                .isEqualTo("<collection>");
        request(HttpMethod.DELETE, "dir/").exchange().expectStatus().isNoContent();
        request(PROPFIND, "dir/").header("Depth", "0").exchange().expectStatus().isNotFound();
    }

    @Test
    void aMoveNeedsTheTokensOfLocksOnBothEnds() {
        davPut("locked.txt", "l");
        String token = lock("locked.txt", EXCLUSIVE_LOCK, "0");
        request(MOVE, "locked.txt")
                .header("Destination", destination("elsewhere.txt"))
                .exchange()
                .expectStatus()
                .isEqualTo(423);
        // A copy only writes the destination
        request(COPY, "locked.txt")
                .header("Destination", destination("copy.txt"))
                .exchange()
                .expectStatus()
                .isCreated();
        request(COPY, "copy.txt")
                .header("Destination", destination("locked.txt"))
                .exchange()
                .expectStatus()
                .isEqualTo(423);
        request(MOVE, "locked.txt")
                .header("Destination", destination("elsewhere.txt"))
                .header("If", "(<" + token + ">)")
                .exchange()
                .expectStatus()
                .isCreated();
        // The lock stays behind and goes: the moved file is free
        request(HttpMethod.PUT, "elsewhere.txt")
                .bodyValue("free")
                .exchange()
                .expectStatus()
                .isNoContent();
    }
}
