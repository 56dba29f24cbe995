package dev.sluice.files;

import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.PreconditionFailedException;
import dev.sluice.storage.StoredObject;
import dev.sluice.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import dev.sluice.storage.ObjectKey;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Answers GET and HEAD for one object: conditional requests, single and multiple ranges, and the headers API.md
 * lists. The object is opened once; headers and every byte sent come from that one open version, and it is closed
 * when the body completes, fails or is cancelled.
 */
@Component
class DownloadResponder {

    private final ObjectStore store;

    DownloadResponder(ObjectStore store) {
        this.store = store;
    }

    Mono<Void> respond(ServerWebExchange exchange, ObjectKey key, boolean download) {
        return store.open(key).flatMap(object -> {
            try {
                return respond(exchange, object, download);
            } catch (RuntimeException e) {
                object.close();
                return Mono.error(e);
            }
        });
    }

    private Mono<Void> respond(ServerWebExchange exchange, StoredObject object, boolean download) {
        ServerHttpRequest request = exchange.getRequest();
        ServerHttpResponse response = exchange.getResponse();
        ObjectInfo info = object.info();
        HttpConditions conditions = HttpConditions.of(request.getHeaders());
        HttpHeaders headers = response.getHeaders();
        switch (conditions.forRead(info)) {
            case PRECONDITION_FAILED -> {
                object.close();
                return Mono.error(new PreconditionFailedException("The precondition for '" + info.key()
                        + "' does not hold"));
            }
            case NOT_MODIFIED -> {
                object.close();
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
        headers.set(ContentDigests.REPR_DIGEST, ContentDigests.reprDigest(info.sha256()));
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Content-Security-Policy", "sandbox");
        headers.set(HttpHeaders.CONTENT_DISPOSITION, ContentDispositions.of(info.key().name(), download));
        String contentType = info.contentType();
        long size = info.size();

        if (request.getMethod().matches("HEAD")) {
            object.close();
            headers.set(HttpHeaders.CONTENT_TYPE, contentType);
            headers.setContentLength(size);
            return response.setComplete();
        }
        ByteRanges.Outcome outcome = conditions.rangeAllowed(info)
                ? ByteRanges.parse(request.getHeaders().getFirst(HttpHeaders.RANGE), size)
                : new ByteRanges.Ignore();
        Flux<DataBuffer> body;
        if (outcome instanceof ByteRanges.Unsatisfiable) {
            object.close();
            return Mono.error(new ApiException(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "range-not-satisfiable",
                    "None of the requested ranges is satisfiable for " + size + " bytes, or there are more than "
                            + ByteRanges.MAX_RANGES)
                    .withHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size));
        } else if (outcome instanceof ByteRanges.Satisfiable satisfiable && satisfiable.ranges().size() == 1) {
            ByteRanges.Range range = satisfiable.ranges().get(0);
            response.setStatusCode(HttpStatus.PARTIAL_CONTENT);
            headers.set(HttpHeaders.CONTENT_TYPE, contentType);
            headers.set(HttpHeaders.CONTENT_RANGE, range.contentRange(size));
            headers.setContentLength(range.length());
            body = object.read(range.first(), range.length());
        } else if (outcome instanceof ByteRanges.Satisfiable satisfiable) {
            response.setStatusCode(HttpStatus.PARTIAL_CONTENT);
            // Not secret, so no SecureRandom: that one reads /dev/urandom, a blocking call on the event loop.
            String boundary = Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + Long.toHexString(ThreadLocalRandom.current().nextLong());
            headers.set(HttpHeaders.CONTENT_TYPE, "multipart/byteranges; boundary=" + boundary);
            MultipartRanges parts = new MultipartRanges(boundary, contentType, size, satisfiable.ranges());
            headers.setContentLength(parts.contentLength());
            body = parts.body(object, response.bufferFactory());
        } else {
            headers.set(HttpHeaders.CONTENT_TYPE, contentType);
            headers.setContentLength(size);
            body = object.read(0, size);
        }
        return response.writeWith(body.doFinally(signal -> object.close()));
    }

    /** The headers a 304 repeats: the validators and the caching rule. */
    private static void validators(HttpHeaders headers, ObjectInfo info) {
        headers.setETag(info.etag());
        headers.setLastModified(info.lastModified());
        headers.setCacheControl("no-cache");
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

        Flux<DataBuffer> body(StoredObject object, DataBufferFactory buffers) {
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
