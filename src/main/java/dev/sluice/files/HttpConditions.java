package dev.sluice.files;

import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.Precondition;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;

/**
 * The conditional headers of a request, evaluated in the order of RFC 9110 §13.2.2. Hand-written rather than
 * {@code ServerWebExchange.checkNotModified}: a write's conditions must be tested by the store atomically with the
 * change (as a {@link Precondition}), and {@code If-Range} needs the same comparisons. An invalid HTTP-date makes its
 * condition absent, as the RFC says.
 */
public final class HttpConditions {

    /** What the conditions say about a read. */
    enum ReadOutcome {
        PROCEED,
        NOT_MODIFIED,
        PRECONDITION_FAILED
    }

    private final @Nullable List<ETag> ifMatch;
    private final @Nullable List<ETag> ifNoneMatch;
    private final @Nullable Instant ifModifiedSince;
    private final @Nullable Instant ifUnmodifiedSince;
    private final @Nullable String ifRange;

    private HttpConditions(HttpHeaders headers) {
        this.ifMatch = etags(headers, HttpHeaders.IF_MATCH);
        this.ifNoneMatch = etags(headers, HttpHeaders.IF_NONE_MATCH);
        this.ifModifiedSince = date(headers, HttpHeaders.IF_MODIFIED_SINCE);
        this.ifUnmodifiedSince = date(headers, HttpHeaders.IF_UNMODIFIED_SINCE);
        this.ifRange = headers.getFirst(HttpHeaders.IF_RANGE);
    }

    public static HttpConditions of(HttpHeaders headers) {
        return new HttpConditions(headers);
    }

    /** Whether the request carries any condition for a write or delete. */
    public boolean any() {
        return ifMatch != null || ifNoneMatch != null || ifUnmodifiedSince != null;
    }

    /** The conditions of a PUT or DELETE, as a store precondition: failing means 412. */
    public Precondition forWrite() {
        return current -> {
            if (ifMatch != null) {
                if (current == null || !matches(ifMatch, current, true)) {
                    return false;
                }
            } else if (ifUnmodifiedSince != null
                    && current != null
                    && current.lastModified().isAfter(ifUnmodifiedSince)) {
                return false;
            }
            return ifNoneMatch == null || current == null || !matches(ifNoneMatch, current, false);
        };
    }

    /** The conditions of a GET or HEAD on an existing object. */
    ReadOutcome forRead(ObjectInfo current) {
        if (ifMatch != null) {
            if (!matches(ifMatch, current, true)) {
                return ReadOutcome.PRECONDITION_FAILED;
            }
        } else if (ifUnmodifiedSince != null && current.lastModified().isAfter(ifUnmodifiedSince)) {
            return ReadOutcome.PRECONDITION_FAILED;
        }
        if (ifNoneMatch != null) {
            if (matches(ifNoneMatch, current, false)) {
                return ReadOutcome.NOT_MODIFIED;
            }
        } else if (ifModifiedSince != null && !current.lastModified().isAfter(ifModifiedSince)) {
            return ReadOutcome.NOT_MODIFIED;
        }
        return ReadOutcome.PROCEED;
    }

    /**
     * Whether a {@code Range} may be honoured: true without {@code If-Range}; with it, when its entity tag matches
     * strongly or its date equals {@code Last-Modified} exactly.
     */
    boolean rangeAllowed(ObjectInfo current) {
        if (ifRange == null) {
            return true;
        }
        String value = ifRange.trim();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            List<ETag> tags = ETag.parse(value);
            return tags.size() == 1 && matches(tags, current, true);
        }
        Instant date = parseDate(value);
        return date != null && date.equals(current.lastModified());
    }

    private static boolean matches(List<ETag> tags, ObjectInfo current, boolean strong) {
        String etag = current.etag();
        if (etag == null) {
            return false;
        }
        ETag currentTag = ETag.create(etag);
        for (ETag tag : tags) {
            if (tag.isWildcard() || tag.compare(currentTag, strong)) {
                return true;
            }
        }
        return false;
    }

    private static @Nullable List<ETag> etags(HttpHeaders headers, String name) {
        List<String> values = headers.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        return ETag.parse(String.join(",", values));
    }

    private static @Nullable Instant date(HttpHeaders headers, String name) {
        String value = headers.getFirst(name);
        return value == null ? null : parseDate(value);
    }

    private static @Nullable Instant parseDate(String value) {
        HttpHeaders single = new HttpHeaders();
        single.set(HttpHeaders.DATE, value);
        try {
            ZonedDateTime parsed = single.getFirstZonedDateTime(HttpHeaders.DATE);
            return parsed == null ? null : parsed.toInstant();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
