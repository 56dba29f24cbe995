package dev.sluice.storage.s3;

import dev.sluice.storage.InvalidKeyException;
import dev.sluice.storage.ListPage;
import dev.sluice.storage.ListQuery;
import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One page of a listing on ListObjectsV2 (StartAfter, Delimiter {@code /}, MaxKeys), which returns keys in UTF-8
 * byte order as the contract wants. Entries under the reserved {@code .sluice/} folder are skipped, so a page may
 * take several S3 requests to fill. Items carry size and last-modified from the listing; content type and SHA-256
 * would need a HEAD per item and are left null, as API.md allows.
 */
final class S3Listing {

    /** The greatest code point: appended to a folder to start after every key inside it. */
    private static final String AFTER_EVERYTHING = new String(Character.toChars(Character.MAX_CODE_POINT));

    private final S3AsyncClient client;
    private final String bucket;
    private final String keyPrefix;
    private final ListQuery query;
    /** A listing of Sluice's own records (under the reserved prefix) sees them; every other listing skips them. */
    private final boolean reservedQuery;

    private final List<String> entries = new ArrayList<>();
    private final List<ObjectInfo> items = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();

    S3Listing(S3AsyncClient client, String bucket, String keyPrefix, ListQuery query) {
        this.client = client;
        this.bucket = bucket;
        this.keyPrefix = keyPrefix;
        this.query = query;
        this.reservedQuery = query.prefix().startsWith(ObjectKey.RESERVED_SEGMENT + "/");
    }

    Mono<ListPage> page() {
        return fetch(null);
    }

    private Mono<ListPage> fetch(@Nullable String continuation) {
        int wanted = query.limit() - entries.size();
        return Mono.fromFuture(() -> client.listObjectsV2(request -> {
                    request.bucket(bucket).prefix(keyPrefix + query.prefix()).maxKeys(wanted + 1);
                    if (query.delimited()) {
                        request.delimiter("/");
                    }
                    if (continuation != null) {
                        request.continuationToken(continuation);
                    } else if (query.startAfter() != null) {
                        // After a folder, skip everything inside it (S3 would fold it into the same prefix again).
                        String after = query.startAfter().endsWith("/")
                                ? query.startAfter() + AFTER_EVERYTHING
                                : query.startAfter();
                        request.startAfter(keyPrefix + after);
                    }
                }))
                .flatMap(response -> {
                    boolean full = collect(response);
                    if (full) {
                        return Mono.just(pageOf(true));
                    }
                    if (Boolean.TRUE.equals(response.isTruncated())) {
                        return fetch(response.nextContinuationToken());
                    }
                    return Mono.just(pageOf(false));
                });
    }

    /** Adds the response's entries in order; true when one more than the page holds was seen. */
    private boolean collect(ListObjectsV2Response response) {
        List<Entry> merged = new ArrayList<>();
        for (S3Object object : response.contents()) {
            merged.add(new Entry(strip(object.key()), object));
        }
        for (CommonPrefix prefix : response.commonPrefixes()) {
            merged.add(new Entry(strip(prefix.prefix()), null));
        }
        merged.sort((a, b) -> ObjectKey.UTF8_ORDER.compare(a.name, b.name));
        for (Entry entry : merged) {
            if (!reservedQuery && reserved(entry.name)
                    || skipped(entry.name)
                    || entry.object != null && !validKey(entry.name, reservedQuery)) {
                continue;
            }
            if (entries.size() == query.limit()) {
                return true;
            }
            entries.add(entry.name);
            if (entry.object == null) {
                prefixes.add(entry.name);
            } else {
                items.add(new ObjectInfo(
                        new ObjectKey(entry.name),
                        entry.object.size(),
                        null,
                        null,
                        entry.object.lastModified().truncatedTo(ChronoUnit.SECONDS)));
            }
        }
        return false;
    }

    private ListPage pageOf(boolean more) {
        return new ListPage(items, prefixes, more ? entries.get(entries.size() - 1) : null);
    }

    private boolean skipped(String name) {
        String after = query.startAfter();
        return after != null && ObjectKey.UTF8_ORDER.compare(name, after) <= 0;
    }

    /** Objects put into the bucket by other tools may have names that are no valid key: they are not listed. */
    private static boolean validKey(String name, boolean reservedQuery) {
        try {
            return reservedQuery || !new ObjectKey(name).isReserved();
        } catch (InvalidKeyException e) {
            return false;
        }
    }

    private static boolean reserved(String name) {
        return name.startsWith(ObjectKey.RESERVED_SEGMENT + "/");
    }

    private String strip(String s3Key) {
        return s3Key.substring(keyPrefix.length());
    }

    private record Entry(String name, @Nullable S3Object object) {}
}
