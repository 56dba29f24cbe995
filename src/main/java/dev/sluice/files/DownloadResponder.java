package dev.sluice.files;

import dev.sluice.storage.ObjectChangedException;
import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.PreconditionFailedException;
import dev.sluice.storage.ReadOptions;
import dev.sluice.storage.StoredObject;
import dev.sluice.transfers.Transfer;
import dev.sluice.transfers.TransferObservationFilter;
import dev.sluice.upload.ContentDigests;
import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Answers GET and HEAD for one object: conditional requests, single and multiple ranges, and the headers API.md
 * lists. The object is opened once; headers and every byte sent come from that one open version, which is closed
 * when the body completes, fails or is cancelled (at once for 304, 412, 416 and HEAD).
 *
 * <p>Bodies go one of two ways (see {@link ContentSource}). This class says what the connection can take (a file
 * region needs plain HTTP on Reactor Netty and at most one range); the store, which knows what it holds, chooses
 * within that: an open file for zero-copy, or a stream of buffers (from memory, {@code AsynchronousFileChannel} or
 * the backend's client).
 */
@Component
public class DownloadResponder {

    /** How often a download is reopened when its object changes before its first byte: writers rarely race so. */
    private static final int CHANGED_RETRIES = 3;

    private final ObjectStore store;

    DownloadResponder(ObjectStore store) {
        this.store = store;
    }

    public Mono<Void> respond(ServerWebExchange exchange, ObjectKey key, boolean download) {
        ReadOptions options = fileTransferPossible(exchange) ? ReadOptions.FILE_TRANSFER_ALLOWED : ReadOptions.STREAM;
        ServerHttpResponse response = exchange.getResponse();
        HttpHeaders before = HttpHeaders.copyOf(response.getHeaders());
        return Mono.defer(() -> store.open(key, options)
                        .map(ContentSource::of)
                        .flatMap(source -> closingOnFailure(source, () -> respond(exchange, source, download))))
                // A backend that cannot pin the opened version (S3 without versioning) fails the first read when a
                // writer replaced the object after it was opened. Nothing has been sent then, so the key is opened
                // again and the new version is served with its own headers; those of the lost version are undone.
                .retryWhen(Retry.max(CHANGED_RETRIES)
                        .filter(error -> error instanceof ObjectChangedException && !response.isCommitted())
                        .doBeforeRetry(signal -> {
                            response.setStatusCode(null);
                            response.getHeaders().clear();
                            response.getHeaders().putAll(before);
                        })
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    /**
     * Answers GET or HEAD for an object that is already open and is not in the store, such as a ZIP archive built on
     * the fly, with the same conditions, ranges and headers as a stored one. Takes ownership of {@code object}: it
     * is closed when the body ends, or at once when no body is sent.
     */
    public Mono<Void> respond(ServerWebExchange exchange, StoredObject object, boolean download) {
        ContentSource source = ContentSource.of(object);
        return closingOnFailure(source, () -> respond(exchange, source, download));
    }

    /** A file region needs plain HTTP on Reactor Netty, and at most one range (a Range with no list separator). */
    private static boolean fileTransferPossible(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        String range = request.getHeaders().getFirst(HttpHeaders.RANGE);
        return request.getSslInfo() == null
                && (range == null || range.indexOf(',') < 0)
                && ContentSource.ZeroCopy.supports(exchange.getResponse());
    }

    private Mono<Void> respond(ServerWebExchange exchange, ContentSource source, boolean download) {
        ServerHttpRequest request = exchange.getRequest();
        ServerHttpResponse response = exchange.getResponse();
        ObjectInfo info = source.info();
        Transfer transfer = exchange.getAttribute(TransferObservationFilter.DOWNLOAD);
        LongConsumer progress = transfer == null ? bytes -> {} : transfer::add;
        HttpConditions conditions = HttpConditions.of(request.getHeaders());
        HttpHeaders headers = response.getHeaders();
        switch (conditions.forRead(info)) {
            case PRECONDITION_FAILED -> {
                source.close();
                return Mono.error(
                        new PreconditionFailedException("The precondition for '" + info.key() + "' does not hold"));
            }
            case NOT_MODIFIED -> {
                source.close();
                response.setStatusCode(HttpStatus.NOT_MODIFIED);
                validators(headers, info);
                return response.setComplete();
            }
            case PROCEED -> {
                // go on below
            }
        }
        validators(headers, info);
        headers.set(HttpHeaders.ACCEPT_RANGES, "bytes");
        String sha256 = info.sha256();
        if (sha256 != null) {
            // Absent for a file Sluice did not write and has not hashed yet (RFC 9530 digests are optional).
            headers.set(ContentDigests.REPR_DIGEST, ContentDigests.reprDigest(sha256));
        }
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Content-Security-Policy", "sandbox");
        headers.set(
                HttpHeaders.CONTENT_DISPOSITION,
                ContentDispositions.of(info.key().name(), download));
        String contentType = Objects.requireNonNullElse(info.contentType(), MediaType.APPLICATION_OCTET_STREAM_VALUE);
        long size = info.size();

        if (HttpMethod.HEAD.equals(request.getMethod())) {
            source.close();
            headers.set(HttpHeaders.CONTENT_TYPE, contentType);
            headers.setContentLength(size);
            return response.setComplete();
        }
        ByteRanges.Outcome outcome = conditions.rangeAllowed(info)
                ? ByteRanges.parse(request.getHeaders().getFirst(HttpHeaders.RANGE), size)
                : new ByteRanges.Ignore();
        if (outcome instanceof ByteRanges.Unsatisfiable) {
            source.close();
            return Mono.error(new ApiException(
                            ProblemCode.RANGE_NOT_SATISFIABLE,
                            "None of the requested ranges is satisfiable for " + size
                                    + " bytes, or there are more than " + ByteRanges.MAX_RANGES)
                    .withHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size));
        }
        if (outcome instanceof ByteRanges.Satisfiable satisfiable
                && satisfiable.ranges().size() > 1) {
            if (!(source instanceof ContentSource.Streamed streamed)) {
                throw new IllegalStateException("multi-range responses are streamed"); // zeroCopyApplies rules it out
            }
            response.setStatusCode(HttpStatus.PARTIAL_CONTENT);
            // Not secret, so no SecureRandom: that one reads /dev/urandom, a blocking call on the event loop.
            String boundary = Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + Long.toHexString(ThreadLocalRandom.current().nextLong());
            headers.set(HttpHeaders.CONTENT_TYPE, "multipart/byteranges; boundary=" + boundary);
            MultipartRanges parts = new MultipartRanges(boundary, contentType, size, satisfiable.ranges());
            headers.setContentLength(parts.contentLength());
            return response.writeWith(parts.body(streamed, response.bufferFactory())
                    .doOnNext(buffer -> progress.accept(buffer.readableByteCount()))
                    .doFinally(signal -> streamed.close()));
        }
        headers.set(HttpHeaders.CONTENT_TYPE, contentType);
        if (outcome instanceof ByteRanges.Satisfiable satisfiable) {
            ByteRanges.Range range = satisfiable.ranges().get(0);
            response.setStatusCode(HttpStatus.PARTIAL_CONTENT);
            headers.set(HttpHeaders.CONTENT_RANGE, range.contentRange(size));
            headers.setContentLength(range.length());
            return source.send(response, range.first(), range.length(), progress);
        }
        headers.setContentLength(size);
        return source.send(response, 0, size, progress);
    }

    /** The headers a 304 repeats: the validators and the caching rule. */
    private static void validators(HttpHeaders headers, ObjectInfo info) {
        headers.setETag(info.etag());
        headers.setLastModified(info.lastModified());
        headers.setCacheControl("no-cache");
    }

    private static Mono<Void> closingOnFailure(ContentSource source, Supplier<Mono<Void>> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            source.close();
            return Mono.error(e);
        }
    }

    /** A {@code multipart/byteranges} body (RFC 9110 §14.6) over slices of one open object. */
    private record MultipartRanges(String boundary, String contentType, long size, List<ByteRanges.Range> ranges) {

        long contentLength() {
            long length = 0;
            for (int i = 0; i < ranges.size(); i++) {
                length += header(i).length + ranges.get(i).length();
            }
            return length + trailer().length;
        }

        Flux<DataBuffer> body(ContentSource.Streamed object, DataBufferFactory buffers) {
            List<Flux<DataBuffer>> pieces = new ArrayList<>();
            for (int i = 0; i < ranges.size(); i++) {
                ByteRanges.Range range = ranges.get(i);
                byte[] header = header(i);
                pieces.add(Flux.defer(() -> Flux.just(buffers.wrap(header))));
                pieces.add(object.read(range.first(), range.length()));
            }
            pieces.add(Flux.defer(() -> Flux.just(buffers.wrap(trailer()))));
            return Flux.concat(pieces);
        }

        private byte[] header(int index) {
            String text = (index == 0 ? "" : "\r\n") + "--" + boundary + "\r\n"
                    + "Content-Type: " + contentType + "\r\n"
                    + "Content-Range: " + ranges.get(index).contentRange(size) + "\r\n\r\n";
            return text.getBytes(StandardCharsets.US_ASCII);
        }

        private byte[] trailer() {
            return ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }
}
