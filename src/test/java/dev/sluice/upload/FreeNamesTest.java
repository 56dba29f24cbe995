package dev.sluice.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.storage.ListPage;
import dev.sluice.storage.ListQuery;
import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The next free numbered name comes from one listing per original name, however many parts of a request share
 * it; the work is bounded. The listing is a small sorted set of keys paged like a store's (the thing under test is
 * the choice of names, not a backend).
 */
class FreeNamesTest {

    private final TreeSet<String> keys = new TreeSet<>();
    private final AtomicInteger listings = new AtomicInteger();

    @Test
    void aThousandPartsWithOneNameCostOneListing() {
        keys.addAll(List.of("in/dup.txt", "in/dup (1).txt", "in/dup (3).txt", "in/dupe.txt", "in/other.txt"));
        FreeNames names = new FreeNames(this::list, 10_000, 10_000);
        List<String> handedOut = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            handedOut.add(names.next(ObjectKey.of("in/dup.txt"))
                    .block(Duration.ofSeconds(5))
                    .value());
        }
        assertThat(handedOut.subList(0, 3)).containsExactly("in/dup (2).txt", "in/dup (4).txt", "in/dup (5).txt");
        assertThat(Set.copyOf(handedOut)).hasSize(1000);
        assertThat(listings).hasValue(1);
    }

    @Test
    void subFoldersCountAsTakenAndCompoundExtensionsStayWhole() {
        keys.addAll(List.of("a/b.tar.gz", "a/b (1).tar.gz/inner.txt"));
        FreeNames names = new FreeNames(this::list, 10_000, 10_000);
        assertThat(names.next(ObjectKey.of("a/b.tar.gz"))
                        .block(Duration.ofSeconds(5))
                        .value())
                .isEqualTo("a/b (2).tar.gz");
    }

    @Test
    void theWorkPerRequestIsBounded() {
        for (int i = 1; i <= 50; i++) {
            keys.add("x/f (" + i + ").txt");
        }
        assertThatThrownBy(() -> new FreeNames(this::list, 20, 10_000)
                        .next(ObjectKey.of("x/f.txt"))
                        .block(Duration.ofSeconds(5)))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("Too many");
        FreeNames fewTries = new FreeNames(this::list, 10_000, 2);
        fewTries.next(ObjectKey.of("y/g.txt")).block(Duration.ofSeconds(5));
        fewTries.next(ObjectKey.of("y/g.txt")).block(Duration.ofSeconds(5));
        assertThatThrownBy(() -> fewTries.next(ObjectKey.of("y/g.txt")).block(Duration.ofSeconds(5)))
                .isInstanceOf(ApiException.class);
    }

    /** A delimited listing of {@link #keys}, in pages of at most the query's limit. */
    private Mono<ListPage> list(ListQuery query) {
        if (query.startAfter() == null) {
            listings.incrementAndGet();
        }
        List<ObjectInfo> items = new ArrayList<>();
        TreeSet<String> prefixes = new TreeSet<>();
        String last = null;
        int count = 0;
        for (String key : query.startAfter() == null ? keys : keys.tailSet(query.startAfter(), false)) {
            if (!key.startsWith(query.prefix())) {
                continue;
            }
            int slash = key.indexOf('/', query.prefix().length());
            String entry = slash < 0 ? key : key.substring(0, slash + 1);
            if (slash >= 0 && !prefixes.add(entry)) {
                continue;
            }
            if (count == query.limit()) {
                return Mono.just(new ListPage(items, List.copyOf(prefixes), last));
            }
            if (slash < 0) {
                items.add(new ObjectInfo(ObjectKey.of(key), 0, "text/plain", null, Instant.EPOCH));
            }
            last = entry;
            count++;
        }
        return Mono.just(new ListPage(items, List.copyOf(prefixes), null));
    }
}
