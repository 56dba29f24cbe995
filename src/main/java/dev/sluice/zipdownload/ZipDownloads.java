package dev.sluice.zipdownload;

import dev.sluice.files.ContentDispositions;
import dev.sluice.files.DownloadResponder;
import dev.sluice.storage.ObjectStore;
import dev.sluice.transfers.Transfer;
import dev.sluice.transfers.TransferObservationFilter;
import dev.sluice.zip.ZipArchive;
import dev.sluice.zip.ZipItem;
import dev.sluice.zip.ZipStream;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Answers GET and HEAD with the ZIP of a {@link Selection}, in one of three ways decided from its entries before the
 * first byte:
 *
 * <ul>
 *   <li>every CRC-32 known (the listing's, else a stat's): a laid-out {@link ZipArchive} answered like a stored file
 *   ({@link ArchiveObject}): exact {@code Content-Length}, a strong ETag, {@code Range} and {@code If-Range}, so a
 *   cut download resumes ({@code curl -C -}, a browser's resume);</li>
 *   <li>some unknown: a {@link ZipStream} with data descriptors, whose exact length is still known from the list
 *   ({@code Content-Length}, {@code Accept-Ranges: none});</li>
 *   <li>more than {@code sluice.zip.max-listed-entries} entries: a {@link ZipStream} fed by a second walk of the
 *   listing as it is written, chunked, holding only the central directory.</li>
 * </ul>
 *
 * The body is a {@code Flux<DataBuffer>} written with the connection's backpressure: one file is read at a time and
 * only as fast as the client takes it; no thread waits and nothing is buffered beyond a read buffer and a header
 * chunk. A file that changes while it is written (another length or CRC-32) or disappears ends the body early: the
 * client sees a cut connection, never a well-formed archive with wrong content.
 */
@Component
public class ZipDownloads {

    private static final Logger log = LoggerFactory.getLogger(ZipDownloads.class);

    private final ArchiveEntries entries;
    private final DownloadResponder downloads;
    private final int maxListedEntries;

    ZipDownloads(ObjectStore store, DownloadResponder downloads, ZipProperties properties) {
        this.entries = new ArchiveEntries(store, properties.statConcurrency());
        this.downloads = downloads;
        this.maxListedEntries = properties.maxListedEntries();
    }

    /** The archive of {@code selection} as the response; the caller has checked that it may be read. */
    public Mono<Void> respond(ServerWebExchange exchange, Selection selection) {
        return entries.walk(selection).take(maxListedEntries + 1L).collectList().flatMap(listed -> {
            if (listed.size() > maxListedEntries) {
                return streamed(exchange, selection, entries.walk(selection).map(entries::item), null);
            }
            return entries.withKnownCrcs(listed)
                    .flatMap(items -> ZipArchive.canLayOut(items)
                            ? downloads.respond(
                                    exchange,
                                    new ArchiveObject(
                                            ZipArchive.of(
                                                    items,
                                                    exchange.getResponse().bufferFactory()),
                                            selection.fileName()),
                                    true)
                            : streamed(exchange, selection, Flux.fromIterable(items), ZipStream.size(items)));
        });
    }

    private Mono<Void> streamed(
            ServerWebExchange exchange, Selection selection, Flux<ZipItem> items, @Nullable Long length) {
        ServerHttpResponse response = exchange.getResponse();
        HttpHeaders headers = response.getHeaders();
        headers.set(HttpHeaders.CONTENT_TYPE, "application/zip");
        headers.set(HttpHeaders.CONTENT_DISPOSITION, ContentDispositions.of(selection.fileName(), true));
        headers.set(HttpHeaders.ACCEPT_RANGES, "none");
        headers.setCacheControl("no-cache");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Content-Security-Policy", "sandbox");
        if (length != null) {
            headers.setContentLength(length);
        }
        if (HttpMethod.HEAD.equals(exchange.getRequest().getMethod())) {
            return response.setComplete();
        }
        Transfer transfer = exchange.getAttribute(TransferObservationFilter.DOWNLOAD);
        Flux<DataBuffer> body = ZipStream.write(items, response.bufferFactory())
                .doOnNext(buffer -> {
                    if (transfer != null) {
                        transfer.add(buffer.readableByteCount());
                    }
                })
                .doOnError(error -> log.warn(
                        "ZIP download of {} cut short: {}", List.copyOf(selection.targets()), error.toString()));
        return response.writeWith(body);
    }
}
