package dev.sluice.upload;

import dev.sluice.files.ContentTypes;
import dev.sluice.files.FileInfo;
import dev.sluice.files.UploadProperties;
import dev.sluice.files.UploadService;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectStore;
import dev.sluice.web.ApiException;
import dev.sluice.web.PartialBatchException;
import dev.sluice.web.UploadBodies;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/files}: one or more files in a {@code multipart/form-data} body, each streamed from the socket
 * to storage through Spring's {@code PartEvent} API (no temp file of the whole body, no part held in memory). Its
 * OpenAPI description is on {@link UploadApi}.
 */
@RestController
class MultipartUploadController implements UploadApi {

    private final UploadService uploads;
    private final MultipartIntake intake;
    private final int maxParts;

    MultipartUploadController(ObjectStore store, UploadService uploads, UploadProperties properties) {
        this.uploads = uploads;
        this.intake = new MultipartIntake(store, uploads);
        this.maxParts = properties.maxParts();
    }

    @Override
    @PostMapping("/api/v1/files")
    public Mono<ResponseEntity<List<FileInfo>>> upload(ServerWebExchange exchange,
            @RequestParam(defaultValue = "") String prefix,
            @RequestParam(defaultValue = "rename") String conflict) {
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders headers = request.getHeaders();
        String folder = validFolder(prefix);
        ConflictPolicy policy = ConflictPolicy.parse(conflict);
        requireMultipartFormData(headers);
        UploadService.rejectContentEncoding(headers);
        List<FileInfo> stored = Collections.synchronizedList(new ArrayList<>());
        return uploads.checkCapacity(headers.getContentLength())
                .then(Mono.defer(() -> {
                    UploadBodies.markStarted(exchange);
                    return intake.storeAll(request, folder, policy, maxParts, stored::add);
                }))
                .then(Mono.fromSupplier(() -> ResponseEntity.status(HttpStatus.CREATED).body(List.copyOf(stored))))
                .onErrorMap(error -> !(error instanceof PartialBatchException),
                        error -> new PartialBatchException(error, List.copyOf(stored)));
    }

    private static String validFolder(String prefix) {
        String folder = ObjectKey.validatePrefix(prefix);
        if (!folder.isEmpty() && !folder.endsWith("/")) {
            throw ApiException.badRequest("invalid-key", "prefix must be empty or end with '/'");
        }
        return folder;
    }

    static void requireMultipartFormData(HttpHeaders headers) {
        MediaType type;
        try {
            type = headers.getContentType();
        } catch (InvalidMediaTypeException e) {
            throw ApiException.badRequest("invalid-header", "Content-Type does not parse: " + e.getMessage());
        }
        if (type == null || !MediaType.MULTIPART_FORM_DATA.equalsTypeAndSubtype(type)) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "POST /api/v1/files takes multipart/form-data; use PUT /api/v1/files/{key} for a raw body");
        }
        String boundary = type.getParameter("boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw ApiException.badRequest("invalid-request", "multipart/form-data without a boundary");
        }
    }

    /** The content type to store for a part: its own header when it parses, else guessed from the name. */
    static String contentTypeOf(HttpHeaders partHeaders, String name) {
        return ContentTypes.forUpload(partHeaders.getFirst(HttpHeaders.CONTENT_TYPE), name);
    }
}
