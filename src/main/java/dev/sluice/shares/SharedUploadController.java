package dev.sluice.shares;

import dev.sluice.upload.ConflictPolicy;
import dev.sluice.upload.MultipartIntake;
import dev.sluice.web.Routes;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
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
    private final MultipartIntake intake;

    SharedUploadController(ShareLinks links, MultipartIntake intake) {
        this.links = links;
        this.intake = intake;
    }

    @PostMapping(Routes.SHARED + "{token}/files")
    public Mono<ResponseEntity<Map<String, Integer>>> upload(ServerWebExchange exchange, @PathVariable String token) {
        intake.checkHead(exchange.getRequest().getHeaders());
        AtomicInteger stored = new AtomicInteger();
        return links.resolve(token, Permission.UPLOAD)
                .flatMap(share -> intake.receive(
                        exchange, share.requirePrefix(), ConflictPolicy.RENAME, file -> stored.incrementAndGet()))
                .then(Mono.fromSupplier(
                        () -> ResponseEntity.status(HttpStatus.CREATED).body(Map.of("stored", stored.get()))));
    }
}
