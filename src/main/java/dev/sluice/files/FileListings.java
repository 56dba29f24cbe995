package dev.sluice.files;

import dev.sluice.storage.ListQuery;
import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectStore;
import dev.sluice.web.ApiException;
import dev.sluice.web.FileInfo;
import dev.sluice.web.ProblemCode;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * One page of a listing as the API answers it, for {@code GET /api/v1/files} and for a share link's folder alike:
 * the query parameters checked (400 {@code invalid-key}, {@code invalid-request}), the cursor bound to the query, and
 * keys and folder prefixes shown relative to a root folder.
 */
@Component
public class FileListings {

    private static final int MAX_LIMIT = 1000;

    private final ObjectStore store;

    FileListings(ObjectStore store) {
        this.store = store;
    }

    /**
     * Lists one page under {@code root + prefix}. Lazy until subscribed.
     *
     * @param root the folder the listing is confined to and relative to: empty or ending in {@code /}
     * @param prefix the client's {@code prefix}, relative to {@code root}
     * @throws ApiException 400 (thrown) for a bad delimiter, limit or cursor
     */
    public Mono<FileListing> list(
            String root, String prefix, @Nullable String delimiter, int limit, @Nullable String cursor) {
        String relative = ObjectKey.validatePrefix(prefix);
        String full = root.isEmpty() ? relative : ObjectKey.validatePrefix(root + relative);
        boolean delimited = delimiter != null && !delimiter.isEmpty();
        if (delimited && !"/".equals(delimiter)) {
            throw new ApiException(ProblemCode.INVALID_REQUEST, "The only delimiter accepted is '/'");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiException(ProblemCode.INVALID_REQUEST, "limit must be from 1 to " + MAX_LIMIT);
        }
        String startAfter = ListCursor.decode(cursor, full, delimited);
        return store.list(new ListQuery(full, delimited, startAfter, limit))
                .map(page -> new FileListing(
                        page.items().stream()
                                .map(info -> FileInfo.of(relativeTo(root, info)))
                                .toList(),
                        page.prefixes().stream()
                                .map(folder -> folder.substring(root.length()))
                                .toList(),
                        page.last() == null ? null : ListCursor.encode(full, delimited, page.last())));
    }

    private static ObjectInfo relativeTo(String root, ObjectInfo info) {
        return root.isEmpty()
                ? info
                : new ObjectInfo(
                        new ObjectKey(info.key().value().substring(root.length())),
                        info.size(),
                        info.contentType(),
                        info.sha256(),
                        info.lastModified());
    }
}
