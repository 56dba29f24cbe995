package dev.sluice.storage;

/**
 * How to stage content.
 *
 * @param contentType the media type to store with the object, at most {@value #MAX_CONTENT_TYPE_BYTES} ASCII
 *     bytes
 */
public record StageOptions(String contentType) {

    /** The longest content type a store must accept. */
    public static final int MAX_CONTENT_TYPE_BYTES = 255;

    public StageOptions {
        if (contentType.length() > MAX_CONTENT_TYPE_BYTES) {
            throw new IllegalArgumentException("content type longer than " + MAX_CONTENT_TYPE_BYTES + " bytes");
        }
    }
}
