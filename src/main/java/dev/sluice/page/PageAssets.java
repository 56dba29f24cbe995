package dev.sluice.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;

/**
 * The browser page's files ({@code classpath:/static/**}), read into memory once, at start-up, on the main thread.
 * <p>
 * Why not Spring's static resource handler: it reads each file per request, and from the packaged jar that is a
 * blocking zip read on the event loop (from a directory, a blocking stat and open), which the project's rule
 * forbids. The page is a few dozen kilobytes, so holding it costs nothing and makes every load a memory copy; a
 * content-derived strong ETag makes the browser's revalidation (the page is served {@code no-cache}) a 304.
 */
final class PageAssets {

    static final String LOCATION = "classpath:/static/";

    private final Map<String, PageAsset> byPath;

    private PageAssets(Map<String, PageAsset> byPath) {
        this.byPath = byPath;
    }

    /** Loads every file under {@code location} (a {@code classpath:} folder ending in {@code /}). */
    static PageAssets load(String location) {
        try {
            PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
            String base = resolver.getResource(location).getURL().toString();
            Map<String, PageAsset> assets = new LinkedHashMap<>();
            for (Resource resource : resolver.getResources(location + "**")) {
                String url = resource.getURL().toString();
                if (!resource.isReadable() || url.endsWith("/") || !url.startsWith(base)) {
                    continue; // a folder (in a jar), or outside the location
                }
                String path = "/" + url.substring(base.length());
                assets.put(path, asset(path, resource));
            }
            return new PageAssets(Map.copyOf(assets));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the browser page from " + location, e);
        }
    }

    /** The file answering {@code path}; {@code /} is {@code /index.html}. */
    Optional<PageAsset> find(String path) {
        return Optional.ofNullable(byPath.get(path.equals("/") ? "/index.html" : path));
    }

    boolean contains(String path) {
        return find(path).isPresent();
    }

    private static PageAsset asset(String path, Resource resource) throws IOException {
        byte[] content;
        try (InputStream in = resource.getInputStream()) {
            content = in.readAllBytes();
        }
        MediaType type = MediaTypeFactory.getMediaType(path).orElse(MediaType.APPLICATION_OCTET_STREAM);
        if (isText(type)) {
            type = new MediaType(type, StandardCharsets.UTF_8);
        }
        Instant modified = Instant.ofEpochMilli(resource.lastModified()).truncatedTo(ChronoUnit.SECONDS);
        return new PageAsset(path, content, type, etag(content), modified);
    }

    private static boolean isText(MediaType type) {
        return type.getType().equals("text")
                || type.getSubtype().equals("javascript")
                || type.getSubtype().endsWith("json")
                || type.getSubtype().endsWith("xml");
    }

    private static String etag(byte[] content) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content);
            return "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
