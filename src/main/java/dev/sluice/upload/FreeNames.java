package dev.sluice.upload;

import dev.sluice.storage.ListPage;
import dev.sluice.storage.ListQuery;
import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The numbered names {@code conflict=rename} hands out within one request: for each original name, the folder is
 * listed once (only the keys and sub-folders that start like a numbered alternative, {@code a (}), and the free
 * numbers are then taken in order from memory. The request's own files are remembered too, so a thousand parts
 * named {@code dup.txt} cost one listing, not a probe per candidate per part (which was quadratic). Work is bounded:
 * at most {@code maxListed} names are listed per original name and {@code maxTries} numbers handed out for it (a
 * publish that loses a race to another writer asks for the next one); beyond either, 409 {@code conflict}. One
 * instance per request; not thread-safe (parts are stored one after another).
 */
final class FreeNames {

    private static final int PAGE = 1000;

    private final Function<ListQuery, Mono<ListPage>> lister;
    private final int maxListed;
    private final int maxTries;
    private final Map<ObjectKey, Candidates> byOriginal = new HashMap<>();

    FreeNames(Function<ListQuery, Mono<ListPage>> lister, int maxListed, int maxTries) {
        this.lister = lister;
        this.maxListed = maxListed;
        this.maxTries = maxTries;
    }

    /** The next numbered key for {@code original} that the listing did not show and this request did not use. */
    Mono<ObjectKey> next(ObjectKey original) {
        Candidates known = byOriginal.get(original);
        Mono<Candidates> candidates = known != null
                ? Mono.just(known)
                : taken(original).map(names -> byOriginal.computeIfAbsent(original, o -> new Candidates(names)));
        return candidates.flatMap(c -> {
            if (++c.tries > maxTries) {
                return Mono.error(tooMany(original));
            }
            int n = firstFree(c.taken, original.name(), c.last);
            c.last = n;
            return Mono.just(ObjectKey.of(original.folder() + AlternativeNames.numbered(original.name(), n)));
        });
    }

    /** The smallest number after {@code after} whose alternative of {@code name} is not in {@code taken}. */
    static int firstFree(Set<String> taken, String name, int after) {
        int n = after + 1;
        while (taken.contains(AlternativeNames.numbered(name, n))) {
            n++;
        }
        return n;
    }

    /** Names (relative to the folder) of keys and sub-folders that look like numbered alternatives. */
    private Mono<Set<String>> taken(ObjectKey original) {
        String folder = original.folder();
        String prefix = folder + AlternativeNames.numberedPrefix(original.name());
        Set<String> names = new HashSet<>();
        return page(prefix, null, folder, names, original).thenReturn(names);
    }

    private Mono<Void> page(
            String prefix, @Nullable String after, String folder, Set<String> names, ObjectKey original) {
        return lister.apply(new ListQuery(prefix, true, after, PAGE)).flatMap(page -> {
            for (ObjectInfo item : page.items()) {
                names.add(item.key().value().substring(folder.length()));
            }
            for (String sub : page.prefixes()) {
                names.add(sub.substring(folder.length(), sub.length() - 1));
            }
            if (names.size() > maxListed) {
                return Mono.error(tooMany(original));
            }
            return page.last() == null ? Mono.empty() : page(prefix, page.last(), folder, names, original);
        });
    }

    private static ApiException tooMany(ObjectKey original) {
        return new ApiException(
                ProblemCode.CONFLICT,
                "Too many files named like '" + original + "' already: no free numbered name (conflict=rename)");
    }

    private static final class Candidates {
        final Set<String> taken;
        int last;
        int tries;

        Candidates(Set<String> taken) {
            this.taken = taken;
        }
    }
}
