package dev.sluice.page;

import java.time.Instant;
import org.springframework.http.MediaType;

/**
 * One file of the browser page, held in memory: its bytes, type and validators, computed once at start-up.
 *
 * @param path the request path it answers, such as {@code /js/main.js}
 * @param content the file's bytes (never modified after loading)
 * @param contentType its media type, with {@code charset=UTF-8} for text
 * @param etag a strong entity tag derived from the content, so it changes exactly when the file does
 * @param lastModified when the file was last modified, to the second (HTTP dates have no finer resolution)
 */
record PageAsset(String path, byte[] content, MediaType contentType, String etag, Instant lastModified) {}
