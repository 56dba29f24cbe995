package dev.sluice.resumable;

import dev.sluice.upload.UploadService;
import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import dev.sluice.web.Routes;
import dev.sluice.web.UploadBodies;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The tus 1.0.0 protocol over HTTP, for the API's {@code /api/v1/uploads} and for upload links alike: reads the
 * protocol's headers, refuses what the protocol refuses with its status codes, and writes its response headers.
 * Where the protocol lets a server choose, it does what tusd does (OPTIONS answers 200, {@code Tus-Resumable} is
 * not required on HEAD, the upload URL is absolute); where this differs, docs/API.md says why.
 */
@Component
public class TusProtocol {

    /** tus's own status for a chunk that does not match its checksum (checksum extension). */
    static final int CHECKSUM_MISMATCH = 460;

    private final TusUploads uploads;

    public TusProtocol(TusUploads uploads) {
        this.uploads = uploads;
    }

    /** OPTIONS: what this server speaks. */
    public ResponseEntity<Void> options() {
        return ResponseEntity.ok()
                .header(TusHeaders.TUS_VERSION, TusHeaders.VERSION)
                .header(TusHeaders.TUS_EXTENSION, String.join(",", TusHeaders.EXTENSIONS))
                .header(TusHeaders.TUS_MAX_SIZE, Long.toString(uploads.maxFileSize()))
                .header(TusHeaders.TUS_CHECKSUM_ALGORITHM, String.join(",", UploadChecksum.ALGORITHMS))
                .build();
    }

    /**
     * POST: creates an upload; with a body of {@code application/offset+octet-stream} its first chunk too
     * (creation-with-upload).
     *
     * @param base the path upload URLs start with, ending in {@code /}
     * @param tellKey whether responses may say where a finished upload went (not to an upload link's holder)
     */
    public Mono<ResponseEntity<Object>> create(
            ServerWebExchange exchange, Uploader uploader, String base, boolean tellKey) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        TusHeaders.requireVersion(headers.getFirst(TusHeaders.TUS_RESUMABLE));
        UploadService.rejectContentEncoding(headers);
        boolean withChunk = isChunk(headers);
        String concatHeader = headers.getFirst(TusHeaders.UPLOAD_CONCAT);
        String concat = null;
        List<String> partials = List.of();
        Long length = null;
        if (concatHeader != null && concatHeader.trim().startsWith("final")) {
            concat = "final";
            partials = partialIds(concatHeader.trim());
            if (withChunk) {
                throw TusUploads.finalUpload();
            }
        } else {
            if (concatHeader != null) {
                if (!concatHeader.trim().equals("partial")) {
                    throw new ApiException(
                            ProblemCode.INVALID_HEADER, "Upload-Concat must be 'partial' or 'final;<urls>'");
                }
                concat = "partial";
            }
            length = declaredLength(headers);
        }
        TusUploads.Creation creation =
                new TusUploads.Creation(length, headerOrEmpty(headers, TusHeaders.UPLOAD_METADATA), concat, partials);
        Mono<UploadState> created = uploads.create(uploader, creation);
        if (withChunk) {
            UploadChecksum checksum = UploadChecksum.parse(headers.getFirst(TusHeaders.UPLOAD_CHECKSUM));
            created = created.flatMap(state -> state.complete()
                    ? Mono.just(state)
                    : uploads.patch(
                            uploader, state.id(), 0, null, checksum, headers.getContentLength(), body(exchange)));
        }
        return created.map(state -> {
                    ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.CREATED)
                            .location(uploadUrl(exchange.getRequest(), base, state.id()));
                    uploadHeaders(response, state, base, tellKey);
                    if (!withChunk && !state.complete()) {
                        response.headers(h -> h.remove(TusHeaders.UPLOAD_OFFSET));
                    }
                    return response.build();
                })
                .onErrorResume(ChecksumMismatchException.class, mismatch -> checksumMismatch(exchange, mismatch));
    }

    /** HEAD: the upload's offset, length and metadata; a finished upload's key. {@code base} as for create. */
    public Mono<ResponseEntity<Object>> head(Uploader uploader, String id, String base, boolean tellKey) {
        return uploads.head(uploader, id).map(state -> {
            ResponseEntity.BodyBuilder response = ResponseEntity.ok();
            uploadHeaders(response, state, base, tellKey);
            if (state.length() == null) {
                response.header(TusHeaders.UPLOAD_DEFER_LENGTH, "1");
            } else {
                response.header(TusHeaders.UPLOAD_LENGTH, Long.toString(state.length()));
            }
            if (!state.metadata().isEmpty()) {
                response.header(TusHeaders.UPLOAD_METADATA, state.metadata());
            }
            if (state.isPartial()) {
                response.header(TusHeaders.UPLOAD_CONCAT, "partial");
            }
            return response.build();
        });
    }

    /** PATCH: one chunk at the upload's offset. */
    public Mono<ResponseEntity<Object>> patch(
            ServerWebExchange exchange, Uploader uploader, String id, String base, boolean tellKey) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        TusHeaders.requireVersion(headers.getFirst(TusHeaders.TUS_RESUMABLE));
        if (!isChunk(headers)) {
            throw new ApiException(
                    ProblemCode.UNSUPPORTED_MEDIA_TYPE,
                    "A tus PATCH takes Content-Type: " + TusHeaders.OFFSET_OCTET_STREAM);
        }
        UploadService.rejectContentEncoding(headers);
        String offsetHeader = headers.getFirst(TusHeaders.UPLOAD_OFFSET);
        if (offsetHeader == null) {
            throw new ApiException(ProblemCode.INVALID_HEADER, "A tus PATCH needs Upload-Offset");
        }
        long offset = TusHeaders.nonNegative(TusHeaders.UPLOAD_OFFSET, offsetHeader);
        String lengthHeader = headers.getFirst(TusHeaders.UPLOAD_LENGTH);
        Long declared = lengthHeader == null ? null : TusHeaders.nonNegative(TusHeaders.UPLOAD_LENGTH, lengthHeader);
        UploadChecksum checksum = UploadChecksum.parse(headers.getFirst(TusHeaders.UPLOAD_CHECKSUM));
        return uploads.patch(uploader, id, offset, declared, checksum, headers.getContentLength(), body(exchange))
                .map(state -> {
                    ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.NO_CONTENT);
                    uploadHeaders(response, state, base, tellKey);
                    return response.build();
                })
                .onErrorResume(ChecksumMismatchException.class, mismatch -> checksumMismatch(exchange, mismatch));
    }

    /** DELETE: termination. */
    public Mono<ResponseEntity<Object>> delete(ServerWebExchange exchange, Uploader uploader, String id) {
        TusHeaders.requireVersion(exchange.getRequest().getHeaders().getFirst(TusHeaders.TUS_RESUMABLE));
        return uploads.terminate(uploader, id)
                .thenReturn(ResponseEntity.noContent().build());
    }

    private void uploadHeaders(
            ResponseEntity.HeadersBuilder<?> response, UploadState state, String base, boolean tellKey) {
        response.header(TusHeaders.UPLOAD_OFFSET, Long.toString(state.offset()));
        if (!state.complete()) {
            response.header(TusHeaders.UPLOAD_EXPIRES, TusHeaders.httpDate(state.expires()));
        }
        if (state.isFinal()) {
            // The partial uploads' URLs, relative (the protocol's examples are; tusd sends absolute ones).
            response.header(
                    TusHeaders.UPLOAD_CONCAT,
                    "final;"
                            + String.join(
                                    " ",
                                    state.partials().stream()
                                            .map(id -> base + id)
                                            .toList()));
        }
        String key = state.key();
        if (key != null && tellKey) {
            String encoded = UriUtils.encodePath(key, StandardCharsets.UTF_8);
            response.header(TusHeaders.SLUICE_KEY, encoded);
            response.header(HttpHeaders.CONTENT_LOCATION, Routes.FILES_KEY + encoded);
        }
    }

    private static Flux<org.springframework.core.io.buffer.DataBuffer> body(ServerWebExchange exchange) {
        return UploadBodies.of(exchange);
    }

    private static boolean isChunk(HttpHeaders headers) {
        String type = headers.getFirst(HttpHeaders.CONTENT_TYPE);
        return type != null && type.trim().equalsIgnoreCase(TusHeaders.OFFSET_OCTET_STREAM);
    }

    private static @Nullable Long declaredLength(HttpHeaders headers) {
        String length = headers.getFirst(TusHeaders.UPLOAD_LENGTH);
        String defer = headers.getFirst(TusHeaders.UPLOAD_DEFER_LENGTH);
        if (length != null && defer != null) {
            throw new ApiException(ProblemCode.INVALID_HEADER, "Send Upload-Length or Upload-Defer-Length, not both");
        }
        if (defer != null) {
            if (!defer.trim().equals("1")) {
                throw new ApiException(ProblemCode.INVALID_HEADER, "Upload-Defer-Length must be 1");
            }
            return null;
        }
        if (length == null) {
            throw new ApiException(
                    ProblemCode.INVALID_HEADER, "A tus creation needs Upload-Length (or Upload-Defer-Length: 1)");
        }
        return TusHeaders.nonNegative(TusHeaders.UPLOAD_LENGTH, length);
    }

    /** The ids of {@code final;<url> <url>...}: each URL's last segment (absolute or relative URLs alike). */
    private static List<String> partialIds(String header) {
        String rest = header.substring("final".length()).trim();
        if (!rest.startsWith(";")) {
            throw new ApiException(ProblemCode.INVALID_HEADER, "Upload-Concat must be 'final;<url> <url>...'");
        }
        List<String> ids = new ArrayList<>();
        for (String url : rest.substring(1).trim().split("\\s+")) {
            if (url.isEmpty()) {
                continue;
            }
            String path = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            ids.add(path.substring(path.lastIndexOf('/') + 1));
        }
        if (ids.isEmpty() || ids.size() > 1000) {
            throw new ApiException(ProblemCode.INVALID_HEADER, "Upload-Concat: final lists 1 to 1000 uploads");
        }
        return ids;
    }

    private static String headerOrEmpty(HttpHeaders headers, String name) {
        String value = headers.getFirst(name);
        return value == null ? "" : value;
    }

    /** The upload URL, absolute as tusd makes it (clients resolve relative ones too). */
    private static URI uploadUrl(ServerHttpRequest request, String base, String id) {
        return UriComponentsBuilder.fromUri(request.getURI())
                .replacePath(base + id)
                .replaceQuery(null)
                .fragment(null)
                .build(true)
                .toUri();
    }

    /** 460 is tus's own status, outside HTTP's registry (and so outside {@code ProblemCode}): written here. */
    private static Mono<ResponseEntity<Object>> checksumMismatch(
            ServerWebExchange exchange, ChecksumMismatchException mismatch) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", "Checksum Mismatch");
        problem.put("status", CHECKSUM_MISMATCH);
        problem.put("detail", mismatch.getMessage());
        problem.put("instance", exchange.getRequest().getPath().value());
        problem.put("code", "checksum-mismatch");
        return Mono.just(ResponseEntity.status(CHECKSUM_MISMATCH)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem));
    }
}
