package dev.sluice.api;

import static dev.sluice.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.files.FileListing;
import dev.sluice.testing.ApiTestSupport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Listing with prefix, delimiter, limit and cursor paging. */
class ListingApiTest extends ApiTestSupport {

    @Test
    void listsKeysUnderAPrefixInUtf8ByteOrderWithFullMetadata() {
        // Java's String order would put U+FFFD after the emoji; UTF-8 byte (code point) order puts it before.
        List<String> names = List.of("B.txt", "a-b.txt", "a.txt", "a/inner.txt", "é.txt", "\uFFFD.txt", "😀.txt");
        for (String name : names) {
            put(folder + encode(name), name.getBytes(StandardCharsets.UTF_8));
        }
        FileListing listing = list("?prefix=" + encode(folder) + "&limit=1000");
        assertThat(listing.items())
                .extracting(item -> item.key().substring(folder.length()))
                .containsExactly("B.txt", "a-b.txt", "a.txt", "a/inner.txt", "é.txt", "\uFFFD.txt", "😀.txt");
        assertThat(listing.prefixes()).isEmpty();
        assertThat(listing.nextCursor()).isNull();
        if (onS3()) {
            // API.md: a backend that would need a request per item leaves them out (ListObjectsV2 has neither).
            assertThat(listing.items().get(0).sha256()).isNull();
            assertThat(listing.items().get(0).contentType()).isNull();
            assertThat(listing.items().get(0).etag()).isNull();
        } else {
            assertThat(listing.items().get(0).sha256()).hasSize(64);
            assertThat(listing.items().get(0).contentType()).isEqualTo("text/plain");
        }
        assertThat(listing.items().get(0).size()).isEqualTo(5);
    }

    @Test
    void delimiterFoldsDeeperKeysIntoSubFolderPrefixes() {
        put(folder + "top.txt", new byte[1]);
        put(folder + "photos/2025/a.jpg", new byte[1]);
        put(folder + "photos/2026/b.jpg", new byte[1]);
        put(folder + "photos-old.txt", new byte[1]);
        FileListing root = list("?prefix=" + encode(folder) + "&delimiter=/");
        assertThat(root.prefixes()).containsExactly(folder + "photos/");
        assertThat(root.items()).extracting(item -> item.name()).containsExactly("photos-old.txt", "top.txt");
        FileListing photos = list("?prefix=" + encode(folder + "photos/") + "&delimiter=/");
        assertThat(photos.prefixes()).containsExactly(folder + "photos/2025/", folder + "photos/2026/");
        assertThat(photos.items()).isEmpty();
    }

    @Test
    void aPrefixMayEndInAPartialSegment() {
        put(folder + "photos/2025/a.jpg", new byte[1]);
        put(folder + "photos/2026/b.jpg", new byte[1]);
        put(folder + "photos/1999/c.jpg", new byte[1]);
        FileListing listing = list("?prefix=" + encode(folder + "photos/20"));
        assertThat(listing.items())
                .extracting(item -> item.key())
                .containsExactly(folder + "photos/2025/a.jpg", folder + "photos/2026/b.jpg");
    }

    @Test
    void pagingWithTheCursorNeitherRepeatsNorSkips() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            String key = folder + (i % 3 == 0 ? "d" + i + "/" : "") + "k" + (char) ('a' + i);
            put(encode(key), new byte[] {(byte) i});
            expected.add(key);
        }
        expected.sort(dev.sluice.storage.ObjectKey.UTF8_ORDER);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            FileListing page =
                    list("?prefix=" + encode(folder) + "&limit=4" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.items().size()).isLessThanOrEqualTo(4);
            page.items().forEach(item -> seen.add(item.key()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 20);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(6);
    }

    @Test
    void delimitedPagingCountsItemsAndPrefixesTogether() {
        for (String key : List.of("a/1", "b", "c/1", "d", "e/1")) {
            put(folder + key, new byte[1]);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            FileListing page = list(
                    "?prefix=" + encode(folder) + "&delimiter=/&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.items().size() + page.prefixes().size()).isLessThanOrEqualTo(2);
            page.prefixes().forEach(seen::add);
            page.items().forEach(item -> seen.add(item.key()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(seen)
                .containsExactlyInAnyOrder(folder + "a/", folder + "b", folder + "c/", folder + "d", folder + "e/");
    }

    @Test
    void aCursorIsBoundToItsPrefixAndDelimiter() {
        put(folder + "a", new byte[1]);
        put(folder + "b", new byte[1]);
        String cursor = list("?prefix=" + encode(folder) + "&limit=1").nextCursor();
        assertThat(cursor).isNotNull();
        assertProblem(
                client.get()
                        .uri(uri("/api/v1/files?prefix=other/&limit=1&cursor=" + cursor))
                        .exchange(),
                400,
                "invalid-request",
                "/api/v1/files");
        assertProblem(
                client.get()
                        .uri(uri("/api/v1/files?prefix=" + encode(folder) + "&delimiter=/&cursor=" + cursor))
                        .exchange(),
                400,
                "invalid-request",
                "/api/v1/files");
        assertProblem(
                client.get().uri(uri("/api/v1/files?cursor=not-a-cursor!")).exchange(),
                400,
                "invalid-request",
                "/api/v1/files");
    }

    @Test
    void limitAndDelimiterOutOfRangeAre400() {
        for (String query : List.of("?limit=0", "?limit=1001", "?limit=abc", "?delimiter=-")) {
            assertProblem(
                    client.get().uri(uri("/api/v1/files" + query)).exchange(), 400, "invalid-request", "/api/v1/files");
        }
    }

    @Test
    void anEmptyOrMissingFolderListsNothing() {
        FileListing listing = list("?prefix=" + encode(folder + "nothing/") + "&delimiter=/");
        assertThat(listing.items()).isEmpty();
        assertThat(listing.prefixes()).isEmpty();
        assertThat(listing.nextCursor()).isNull();
    }

    @Test
    void theReservedFolderIsNeverListed() {
        FileListing listing = list("?delimiter=/&limit=1000");
        assertThat(listing.prefixes()).doesNotContain(".sluice/");
    }

    private FileListing list(String query) {
        return client.get()
                .uri(uri("/api/v1/files" + query))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(FileListing.class)
                .returnResult()
                .getResponseBody();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("%2F", "/");
    }
}
