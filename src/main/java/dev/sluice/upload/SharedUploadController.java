package dev.sluice.upload;

import dev.sluice.files.UploadProperties;
import dev.sluice.files.UploadService;
import dev.sluice.shares.Permission;
import dev.sluice.shares.ShareLinks;
import dev.sluice.storage.ObjectStore;
import dev.sluice.web.UploadBodies;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/s/<token>/files}: anyone holding an upload link ("file request") uploads files, as
 * {@code multipart/form-data} parts named {@code file}, into the link's prefix. A name that is taken is always
 * renamed ({@code conflict=rename}), and the answer says only how many files were stored, never under which names,
 * so the uploader learns nothing about what is there. The link is checked before the body is read.
 */
// The page's share view API: described in docs/API.md, kept out of the OpenAPI document of the v1 API.
@Hidden
@RestController
class SharedUploadController {

    private final ShareLinks links;
    private final UploadService uploads;
    private final MultipartIntake intake;
    private final int maxParts;

    SharedUploadController(ShareLinks links, ObjectStore store, UploadService uploads, UploadProperties properties) {
        this.links = links;
        this.uploads = uploads;
        this.intake = new MultipartIntake(store, uploads);
        this.maxParts = properties.maxParts();
    }

    @PostMapping("/api/v1/s/{token}/files")
    public Mono<ResponseEntity<Map<String, Integer>>> upload(ServerWebExchange exchange, @PathVariable String token) {
        MultipartUploadController.requireMultipartFormData(exchange.getRequest().getHeaders());
        UploadService.rejectContentEncoding(exchange.getRequest().getHeaders());
        AtomicInteger stored = new AtomicInteger();
        return links.resolve(token, Permission.UPLOAD)
                .flatMap(share -> uploads.checkCapacity(exchange.getRequest().getHeaders().getContentLength())
                        .then(Mono.defer(() -> {
                            UploadBodies.markStarted(exchange);
                            return intake.storeAll(exchange.getRequest(), share.prefix(), ConflictPolicy.RENAME,
                                    maxParts, file -> stored.incrementAndGet());
                        })))
                .then(Mono.fromSupplier(() -> ResponseEntity.status(HttpStatus.CREATED)
                        .body(Map.of("stored", stored.get()))));
    }
}
