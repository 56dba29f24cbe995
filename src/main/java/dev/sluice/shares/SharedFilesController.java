package dev.sluice.shares;

import dev.sluice.files.DownloadResponder;
import dev.sluice.files.FileListing;
import dev.sluice.files.FileListings;
import dev.sluice.storage.ObjectKey;
import dev.sluice.web.ApiException;
import dev.sluice.web.RawKeys;
import dev.sluice.web.Routes;
import dev.sluice.zipdownload.Selection;
import dev.sluice.zipdownload.ZipDownloads;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Using a share link, anonymously. {@code GET|HEAD /s/<token>}: a key read link downloads the file exactly like
 * {@code GET /api/v1/files/<key>} (ranges, conditional requests, headers); a prefix link serves the page's share
 * view ({@code share.html}). The page's share-scoped API, for prefix read links: {@code GET /api/v1/s/<token>/files}
 * (the listing, with keys and the {@code prefix} parameter relative to the link's prefix) and
 * {@code GET|HEAD /api/v1/s/<token>/files/<relative key>}. Anything a link does not allow is 403.
 */
// The page's share view API: described in docs/API.md, kept out of the OpenAPI document of the v1 API.
@Hidden
@RestController
class SharedFilesController {

    private final ShareLinks links;
    private final FileListings listings;
    private final DownloadResponder downloads;
    private final ZipDownloads zips;
    private final byte[] shareView;

    SharedFilesController(ShareLinks links, FileListings listings, DownloadResponder downloads, ZipDownloads zips) {
        this.links = links;
        this.zips = zips;
        this.listings = listings;
        this.downloads = downloads;
        this.shareView = readShareView();
    }

    @RequestMapping(
            path = Routes.SHARE_LINK + "{token}",
            method = {RequestMethod.GET, RequestMethod.HEAD})
    public Mono<Void> open(
            ServerWebExchange exchange,
            @PathVariable String token,
            @RequestParam(defaultValue = "false") boolean download) {
        return links.resolveAny(token)
                .flatMap(share -> {
                    String key = share.key();
                    if (key == null) {
                        return page(exchange, HttpStatus.OK);
                    }
                    return share.permission() == Permission.READ
                            ? downloads.respond(exchange, ObjectKey.of(key), download)
                            : Mono.error(ShareLinks.refusedPublic("This share link does not allow that"));
                })
                // A person who follows a link that no longer works (expired, revoked, tampered) gets the share view
                // with the 403, and the view says why (its own request to the link's API gets the problem); a
                // script gets the problem itself.
                .onErrorResume(
                        ApiException.class,
                        refused -> refused.status() == HttpStatus.FORBIDDEN && isNavigation(exchange)
                                ? page(exchange, HttpStatus.FORBIDDEN)
                                : Mono.error(refused));
    }

    /** A browser opening the URL in a tab, rather than a script or a download tool. */
    private static boolean isNavigation(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        return "navigate".equals(headers.getFirst("Sec-Fetch-Mode"))
                || headers.getAccept().stream().anyMatch(type -> type.equalsTypeAndSubtype(MediaType.TEXT_HTML));
    }

    @GetMapping(Routes.SHARED + "{token}/files")
    public Mono<FileListing> list(
            @PathVariable String token,
            @RequestParam(defaultValue = "") String prefix,
            @RequestParam(required = false) @Nullable String delimiter,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return links.resolve(token, Permission.READ)
                .flatMap(share -> listings.list(folderOf(share), prefix, delimiter, limit, cursor));
    }

    @RequestMapping(
            path = Routes.SHARED + "{token}/files/**",
            method = {RequestMethod.GET, RequestMethod.HEAD})
    public Mono<Void> download(
            ServerWebExchange exchange,
            @PathVariable String token,
            @RequestParam(defaultValue = "false") boolean download) {
        return links.resolve(token, Permission.READ).flatMap(share -> {
            String root = folderOf(share);
            String raw = exchange.getRequest().getPath().pathWithinApplication().value();
            ObjectKey relative = RawKeys.keyAfter(raw, Routes.SHARED + token + "/files/");
            return downloads.respond(exchange, ObjectKey.of(root + relative.value()), download);
        });
    }

    /**
     * "Download all": what a folder read link sees, as one ZIP (names relative to the link's folder), with the ranges
     * and resumes of {@code GET /api/v1/zip/{path}}.
     */
    @RequestMapping(
            path = Routes.SHARED + "{token}/zip",
            method = {RequestMethod.GET, RequestMethod.HEAD})
    public Mono<Void> zip(ServerWebExchange exchange, @PathVariable String token) {
        return links.resolve(token, Permission.READ)
                .flatMap(share -> zips.respond(exchange, Selection.shared(folderOf(share))));
    }

    /** The folder of a prefix link; a key link used as a folder is refused. */
    private static String folderOf(Share share) {
        if (share.forKey()) {
            throw ShareLinks.refusedPublic("This share link is for one file; use /s/<token>");
        }
        return share.requirePrefix();
    }

    private Mono<Void> page(ServerWebExchange exchange, HttpStatus status) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.TEXT_HTML);
        response.getHeaders().setContentLength(shareView.length);
        response.getHeaders().setCacheControl("no-cache");
        if (HttpMethod.HEAD.equals(exchange.getRequest().getMethod())) {
            return response.setComplete();
        }
        return response.writeWith(
                Mono.fromSupplier(() -> response.bufferFactory().wrap(shareView)));
    }

    /** Read once at start-up, so that serving it never touches the jar on an event loop. */
    private static byte[] readShareView() {
        try (InputStream in = new ClassPathResource("static/share.html").getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
