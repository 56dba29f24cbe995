package dev.sluice.storage;

import org.jspecify.annotations.Nullable;

/**
 * How to stage content.
 *
 * @param contentType the media type to store with the object, at most {@value #MAX_CONTENT_TYPE_BYTES} ASCII
 *     bytes
 * @param target the key the caller will publish the staged object at, when it knows it before the content arrives
 *     (a raw PUT, {@link ObjectStore#write}); null when it may publish elsewhere (a multipart form's
 *     {@code conflict=rename}). A store may then stream the content straight towards that key, still invisible
 *     until {@link ObjectStore#publish}, which must then name the same key
 */
public record StageOptions(String contentType, @Nullable ObjectKey target) {

    /** The longest content type a store must accept. */
    public static final int MAX_CONTENT_TYPE_BYTES = 255;

    public StageOptions {
        if (contentType.length() > MAX_CONTENT_TYPE_BYTES) {
            throw new IllegalArgumentException("content type longer than " + MAX_CONTENT_TYPE_BYTES + " bytes");
        }
    }

    /** Content whose key is not known yet: it may be published at any key. */
    public StageOptions(String contentType) {
        this(contentType, null);
    }

    /** The same options for content that will be published at {@code key}. */
    public StageOptions toward(ObjectKey key) {
        return new StageOptions(contentType, key);
    }
}
