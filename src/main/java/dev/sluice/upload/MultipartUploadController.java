package dev.sluice.upload;

import dev.sluice.storage.ObjectKey;
import dev.sluice.web.ApiException;
import dev.sluice.web.FileInfo;
import dev.sluice.web.PartialBatchException;
import dev.sluice.web.ProblemCode;
import dev.sluice.web.Routes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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

    private final MultipartIntake intake;

    MultipartUploadController(MultipartIntake intake) {
        this.intake = intake;
    }

    @Override
    @PostMapping(Routes.FILES)
    public Mono<ResponseEntity<List<FileInfo>>> upload(
            ServerWebExchange exchange,
            @RequestParam(defaultValue = "") String prefix,
            @RequestParam(defaultValue = "rename") String conflict) {
        String folder = validFolder(prefix);
        ConflictPolicy policy = ConflictPolicy.parse(conflict);
        intake.checkHead(exchange.getRequest().getHeaders());
        List<FileInfo> stored = Collections.synchronizedList(new ArrayList<>());
        return intake.receive(exchange, folder, policy, stored::add)
                .then(Mono.fromSupplier(
                        () -> ResponseEntity.status(HttpStatus.CREATED).body(List.copyOf(stored))))
                .onErrorMap(
                        error -> !(error instanceof PartialBatchException),
                        error -> new PartialBatchException(error, List.copyOf(stored)));
    }

    private static String validFolder(String prefix) {
        String folder = ObjectKey.validatePrefix(prefix);
        if (!folder.isEmpty() && !folder.endsWith("/")) {
            throw new ApiException(ProblemCode.INVALID_KEY, "prefix must be empty or end with '/'");
        }
        return folder;
    }
}
