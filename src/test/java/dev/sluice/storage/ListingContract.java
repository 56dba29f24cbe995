package dev.sluice.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Listings: UTF-8 byte order, folders, prefixes, paging, and what is never listed. */
abstract class ListingContract extends ContractCases {

    ListingContract(ObjectStoreContractTest fixture) {
        super(fixture);
    }

    @Test
    void listsKeysInUtf8ByteOrderNotStringOrder() {
        List<String> expected = List.of("B", "a-b", "a.txt", "a/b", "ab", "z", "é", "\uE000", "\uFFFD", "😀", "😀.txt");
        writeAll(shuffled(expected));

        StepVerifier.create(store().list(new ListQuery("", false, null, 100)))
                .assertNext(page -> {
                    assertThat(keys(page)).containsExactlyElementsOf(expected);
                    assertThat(page.prefixes()).isEmpty();
                    assertThat(page.last()).isNull();
                })
                .expectComplete()
                .verify(TIMEOUT);
        // Java's String order puts the surrogate pair of 😀 (U+D83D...) before U+E000 and U+FFFD.
        assertThat(expected.stream().sorted().toList()).isNotEqualTo(expected);
    }

    @Test
    void listingItemsCarryTheirMetadata() {
        byte[] bytes = randomBytes(1234, 16);
        ObjectInfo written = write("meta/one.bin", bytes).info();

        StepVerifier.create(store().list(new ListQuery("meta/", false, null, 10)))
                .assertNext(page -> assertThat(page.items()).singleElement().satisfies(item -> {
                    assertThat(item.key()).isEqualTo(written.key());
                    assertThat(item.size()).isEqualTo(bytes.length);
                    assertThat(item.lastModified()).isEqualTo(written.lastModified());
                    assertThat(item.sha256()).isIn(null, written.sha256());
                    assertThat(item.contentType()).isIn(null, written.contentType());
                }))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void delimitedListingFoldsDeeperKeysIntoFolders() {
        writeAll(List.of(
                "top.txt",
                "docs/a.txt",
                "docs/sub/b.txt",
                "docs/sub/deeper/c.txt",
                "docs-old/c.txt",
                "photos/2026/x.jpg",
                "zz"));

        StepVerifier.create(store().list(new ListQuery("", true, null, 100)))
                .assertNext(page -> {
                    assertThat(keys(page)).containsExactly("top.txt", "zz");
                    assertThat(page.prefixes()).containsExactly("docs-old/", "docs/", "photos/");
                    assertThat(page.last()).isNull();
                })
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(store().list(new ListQuery("docs/", true, null, 100)))
                .assertNext(page -> {
                    assertThat(keys(page)).containsExactly("docs/a.txt");
                    assertThat(page.prefixes()).containsExactly("docs/sub/");
                })
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(store().list(new ListQuery("docs/", false, null, 100)))
                .assertNext(page -> {
                    assertThat(keys(page)).containsExactly("docs/a.txt", "docs/sub/b.txt", "docs/sub/deeper/c.txt");
                    assertThat(page.prefixes()).isEmpty();
                })
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void emptiedFoldersStayListedUntilDeleted() {
        writeAll(List.of("gone/x.txt", "keep/y.txt", "keep/deep/z.txt", "keep/deep/er/w.txt"));
        delete("gone/x.txt");
        delete("keep/deep/z.txt");
        delete("keep/deep/er/w.txt");

        StepVerifier.create(store().list(new ListQuery("", true, null, 100)))
                .assertNext(page -> {
                    assertThat(keys(page)).isEmpty();
                    assertThat(page.prefixes()).containsExactly("gone/", "keep/");
                })
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(store().list(new ListQuery("keep/", true, null, 100)))
                .assertNext(page -> {
                    assertThat(keys(page)).containsExactly("keep/y.txt");
                    assertThat(page.prefixes()).containsExactly("keep/deep/");
                })
                .expectComplete()
                .verify(TIMEOUT);

        store().deleteFolder(ObjectKey.of("gone"), false).block(TIMEOUT);
        store().deleteFolder(ObjectKey.of("keep/deep"), true).block(TIMEOUT);
        StepVerifier.create(store().list(new ListQuery("", true, null, 100)))
                .assertNext(page -> assertThat(page.prefixes()).containsExactly("keep/"))
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(store().list(new ListQuery("keep/", true, null, 100)))
                .assertNext(page -> {
                    assertThat(keys(page)).containsExactly("keep/y.txt");
                    assertThat(page.prefixes()).isEmpty();
                })
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void prefixMayEndInAPartialSegment() {
        writeAll(List.of(
                "photos/20",
                "photos/2025/a.jpg",
                "photos/2026/b.jpg",
                "photos/2026-old.jpg",
                "photos/19/c.jpg",
                "photos/3.jpg",
                "photosX/20.jpg",
                "photo.jpg"));

        assertThat(allEntries("photos/20", false, 100))
                .containsExactly("photos/20", "photos/2025/a.jpg", "photos/2026-old.jpg", "photos/2026/b.jpg");
        assertThat(allEntries("photos/20", true, 100))
                .containsExactly("photos/20", "photos/2025/", "photos/2026-old.jpg", "photos/2026/");
        assertThat(allEntries("photos/2026/", true, 100)).containsExactly("photos/2026/b.jpg");
        assertThat(allEntries("photo", true, 100)).containsExactly("photo.jpg", "photos/", "photosX/");
        assertThat(allEntries("photos/9", true, 100)).isEmpty();
        assertThat(allEntries("photos/20/", true, 100)).isEmpty(); // the "folder" is an object
        assertThat(allEntries("nowhere/", false, 100)).isEmpty();
    }

    @Test
    void pagingNeverRepeatsOrSkips() {
        List<String> keys = IntStream.range(0, 50)
                .mapToObj(i -> switch (i % 5) {
                    case 0 -> "p/" + i;
                    case 1 -> "p/sub/" + i;
                    case 2 -> "p-" + i;
                    case 3 -> "é/" + i;
                    default -> "😀" + i;
                })
                .toList();
        writeAll(keys);
        List<String> expected = keys.stream().sorted(ObjectKey.UTF8_ORDER).toList();

        assertThat(allEntries("", false, 7)).containsExactlyElementsOf(expected);
        assertThat(allEntries("", false, 1)).containsExactlyElementsOf(expected);
        assertThat(allEntries("", false, 50)).containsExactlyElementsOf(expected);
        assertThat(allEntries("p/", false, 3))
                .containsExactlyElementsOf(
                        expected.stream().filter(key -> key.startsWith("p/")).toList());
        List<String> delimited = Stream.concat(
                        expected.stream().filter(key -> key.startsWith("p-") || key.startsWith("😀")),
                        Stream.of("p/", "é/"))
                .sorted(ObjectKey.UTF8_ORDER)
                .toList();
        assertThat(allEntries("", true, 2)).containsExactlyElementsOf(delimited);
        assertThat(allEntries("p/", true, 4))
                .containsExactlyElementsOf(Stream.concat(
                                expected.stream().filter(key -> key.startsWith("p/") && !key.startsWith("p/sub/")),
                                Stream.of("p/sub/"))
                        .sorted(ObjectKey.UTF8_ORDER)
                        .toList());
    }

    @Test
    void reservedFolderIsNeverListed() {
        writeAll(List.of(".sluicex", ".sluice-not/x", "a/.sluice/b", "plain"));
        StagedObject pending =
                store().stage(content(utf8("staged, not published")), TEXT).block(TIMEOUT);
        try {
            assertThat(allEntries("", false, 100)).containsExactly(".sluice-not/x", ".sluicex", "a/.sluice/b", "plain");
            assertThat(allEntries("", true, 100)).containsExactly(".sluice-not/", ".sluicex", "a/", "plain");
            assertThat(allEntries(".sluice", true, 100)).containsExactly(".sluice-not/", ".sluicex");
        } finally {
            store().discard(pending).block(TIMEOUT);
        }
    }

    /** Pages through a listing, checking each page's shape, and returns its keys and prefixes in order. */
    private List<String> allEntries(String prefix, boolean delimited, int limit) {
        List<String> entries = new ArrayList<>();
        @Nullable String startAfter = null;
        for (int pages = 0; pages < 1000; pages++) {
            ListPage page = store().list(new ListQuery(prefix, delimited, startAfter, limit))
                    .block(TIMEOUT);
            List<String> onPage = Stream.concat(keys(page).stream(), page.prefixes().stream())
                    .sorted(ObjectKey.UTF8_ORDER)
                    .toList();
            assertThat(onPage).hasSizeLessThanOrEqualTo(limit);
            assertThat(onPage).allSatisfy(entry -> assertThat(entry).startsWith(prefix));
            assertThat(page.prefixes()).allSatisfy(folder -> assertThat(folder).endsWith("/"));
            entries.addAll(onPage);
            if (page.last() == null) {
                return entries;
            }
            assertThat(onPage).hasSize(limit).last().isEqualTo(page.last());
            startAfter = page.last();
        }
        throw new AssertionError("the listing never ended");
    }

    private static List<String> keys(ListPage page) {
        return page.items().stream().map(item -> item.key().value()).toList();
    }

    private void writeAll(List<String> keys) {
        for (String key : keys) {
            write(key, utf8("content of " + key));
        }
    }

    private static List<String> shuffled(List<String> keys) {
        List<String> copy = new ArrayList<>(keys);
        Collections.shuffle(copy, new java.util.Random(42));
        return copy;
    }
}
