package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.sardine.DavResource;
import com.github.sardine.Sardine;
import com.github.sardine.SardineFactory;
import com.github.sardine.impl.SardineException;
import dev.sluice.testing.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An independent WebDAV client, Sardine (on Apache HttpClient), against the real server: it authenticates only
 * after the server's Basic challenge, as mount clients do, and drives the whole life of a tree: folders, uploads,
 * listing, properties, locks, copy, move and delete. As a user with a home, {@code /dav/} is that home.
 */
class DavSardineApiTest extends DavSupport {

    private Sardine sardine;

    @BeforeEach
    void connect() {
        sardine = SardineFactory.begin(TestTokens.PAGE_USER, TestTokens.PAGE_PASSWORD);
    }

    @AfterEach
    void disconnect() throws IOException {
        sardine.shutdown();
    }

    private String url(String rawPath) {
        return "http://127.0.0.1:" + port + dav(rawPath);
    }

    @Test
    void aTreeGoesUpIsListedCopiedMovedAndDeleted() throws IOException {
        sardine.createDirectory(url("docs/"));
        sardine.put(url("docs/readme.txt"), "read me".getBytes(StandardCharsets.UTF_8), "text/plain");
        sardine.put(url("docs/d%C3%A9j%C3%A0%20vu.txt"), new byte[] {1, 2, 3});
        sardine.createDirectory(url("docs/inner/"));

        List<DavResource> listing = sardine.list(url("docs/"), 1);
        assertThat(listing)
                .extracting(DavResource::getName)
                .containsExactlyInAnyOrder("docs", "readme.txt", "déjà vu.txt", "inner");
        DavResource readme = listing.stream()
                .filter(r -> r.getName().equals("readme.txt"))
                .findFirst()
                .orElseThrow();
        assertThat(readme.getContentLength()).isEqualTo(7);
        assertThat(readme.getContentType()).startsWith("text/plain");
        if (!onS3()) {
            // S3 listings carry no SHA-256, so a Depth 1 listing there has no getetag (Depth 0 has)
            assertThat(readme.getEtag()).isNotBlank();
        }
        assertThat(sardine.list(url("docs/readme.txt"), 0).get(0).getEtag()).isNotBlank();
        assertThat(readme.getModified()).isNotNull();
        assertThat(listing.stream()
                        .filter(r -> r.getName().equals("inner"))
                        .findFirst()
                        .orElseThrow()
                        .isDirectory())
                .isTrue();
        assertThat(sardine.exists(url("docs/readme.txt"))).isTrue();
        assertThat(sardine.exists(url("docs/inner/"))).isTrue();
        assertThat(sardine.exists(url("docs/none.txt"))).isFalse();

        try (InputStream in = sardine.get(url("docs/readme.txt"))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("read me");
        }

        sardine.copy(url("docs/"), url("copy/"));
        sardine.move(url("docs/readme.txt"), url("copy/inner/moved.txt"));
        assertThat(sardine.exists(url("docs/readme.txt"))).isFalse();
        try (InputStream in = sardine.get(url("copy/inner/moved.txt"))) {
            assertThat(in.readAllBytes()).hasSize(7);
        }
        assertThat(sardine.list(url("copy/"), 1))
                .extracting(DavResource::getName)
                .contains("readme.txt", "inner", "déjà vu.txt");

        sardine.delete(url("docs/"));
        assertThat(sardine.exists(url("docs/"))).isFalse();
    }

    @Test
    void customPropertiesAreStoredAndListed() throws IOException {
        sardine.put(url("p.txt"), "p".getBytes(StandardCharsets.UTF_8));
        QName color = new QName("urn:example", "color", "e");
        sardine.patch(url("p.txt"), Map.of(color, "blue"));
        DavResource resource = sardine.list(url("p.txt"), 0, true).get(0);
        assertThat(resource.getCustomPropsNS()).containsEntry(color, "blue");
        sardine.patch(url("p.txt"), Map.of(), List.of(color));
        assertThat(sardine.list(url("p.txt"), 0, true).get(0).getCustomPropsNS())
                .doesNotContainKey(color);
    }

    @Test
    void aLockKeepsOtherWritersOutUntilUnlocked() throws IOException {
        sardine.put(url("l.txt"), "one".getBytes(StandardCharsets.UTF_8));
        String token = sardine.lock(url("l.txt"));
        assertThat(token).startsWith("urn:uuid:");
        assertThatThrownBy(() -> sardine.put(url("l.txt"), "two".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SardineException.class)
                .satisfies(
                        e -> assertThat(((SardineException) e).getStatusCode()).isEqualTo(423));
        // A streamed body cannot be resent after a challenge: authenticate up front for it
        sardine.enablePreemptiveAuthentication(new java.net.URL(url("")));
        sardine.put(
                url("l.txt"),
                new java.io.ByteArrayInputStream("two".getBytes(StandardCharsets.UTF_8)),
                Map.of("If", "(<" + token + ">)"));
        assertThat(sardine.refreshLock(url("l.txt"), token, url("l.txt"))).isEqualTo(token);
        sardine.unlock(url("l.txt"), token);
        sardine.put(url("l.txt"), "three".getBytes(StandardCharsets.UTF_8));
        try (InputStream in = sardine.get(url("l.txt"))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("three");
        }
    }

    @Test
    void aUserWithAHomeSeesItAsTheRoot() throws IOException {
        Sardine home = SardineFactory.begin(TestTokens.HOME_USER, TestTokens.HOME_PASSWORD);
        try {
            String base = "http://127.0.0.1:" + port + "/dav/";
            home.createDirectory(base + folder);
            home.put(base + folder + "mine.txt", "mine".getBytes(StandardCharsets.UTF_8));
            client.get()
                    .uri(files(TestTokens.HOME_USER_HOME + folder + "mine.txt"))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .isEqualTo("mine");
            assertThat(home.list(base, 1)).extracting(DavResource::getName).contains(folder.replace("/", ""));
            // A reader can list and read but not write
            Sardine reader = SardineFactory.begin(TestTokens.READER_USER, TestTokens.READER_PASSWORD);
            try {
                assertThat(reader.list(url(""), 1)).isNotEmpty();
                assertThatThrownBy(() -> reader.put(url("r.txt"), new byte[] {1}))
                        .isInstanceOf(SardineException.class)
                        .satisfies(e -> assertThat(((SardineException) e).getStatusCode())
                                .isEqualTo(403));
            } finally {
                reader.shutdown();
            }
        } finally {
            home.shutdown();
        }
    }
}
