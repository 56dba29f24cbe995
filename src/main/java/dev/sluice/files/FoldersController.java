package dev.sluice.files;

import dev.sluice.locks.LockGuard;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectStore;
import dev.sluice.web.RawKeys;
import dev.sluice.web.Routes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;

/**
 * Folders (create, delete) and moves and copies of files and folders. A folder's path is taken from the raw request
 * path like a key; the policy of moves and copies is {@link FileMoves}'. The OpenAPI description is on
 * {@link FoldersApi}.
 */
@RestController
class FoldersController implements FoldersApi {

    private final ObjectStore store;
    private final FileMoves moves;
    private final LockGuard lockGuard;
    private final ResourceCompanions companions;

    FoldersController(ObjectStore store, FileMoves moves, LockGuard lockGuard, ResourceCompanions companions) {
        this.store = store;
        this.companions = companions;
        this.moves = moves;
        this.lockGuard = lockGuard;
    }

    @Override
    @PutMapping(Routes.FOLDERS_KEY + "**")
    public Mono<ResponseEntity<FolderView>> createFolder(ServerWebExchange exchange) {
        ObjectKey folder = folderOf(exchange);
        FolderView view = new FolderView(folder.value() + "/");
        return store.createFolder(folder)
                .map(created -> created
                        ? ResponseEntity.status(HttpStatus.CREATED)
                                .location(locationOf(folder))
                                .body(view)
                        : ResponseEntity.ok(view));
    }

    @Override
    @DeleteMapping(Routes.FOLDERS_KEY + "**")
    public Mono<ResponseEntity<Void>> deleteFolder(
            ServerWebExchange exchange, @RequestParam(defaultValue = "false") boolean recursive) {
        ObjectKey folder = folderOf(exchange);
        // 423 when a WebDAV lock covers the folder or anything in it: the lock binds the resource, not the protocol.
        return lockGuard
                .checkFolderUnlocked(folder.value() + "/")
                .then(store.deleteFolder(folder, recursive))
                .then(companions.deleted(folder.value(), true))
                .thenReturn(ResponseEntity.noContent().build());
    }

    @Override
    @PostMapping(Routes.MOVE)
    public Mono<ResponseEntity<Object>> move(@RequestBody TransferRequest request, ServerWebExchange exchange) {
        return moves.run(request, exchange.getRequest().getHeaders(), true);
    }

    @Override
    @PostMapping(Routes.COPY)
    public Mono<ResponseEntity<Object>> copy(@RequestBody TransferRequest request, ServerWebExchange exchange) {
        return moves.run(request, exchange.getRequest().getHeaders(), false);
    }

    private static ObjectKey folderOf(ServerWebExchange exchange) {
        return RawKeys.keyAfter(
                exchange.getRequest().getPath().pathWithinApplication().value(), Routes.FOLDERS_KEY);
    }

    /** The folder's URL, relative, each segment percent-encoded. */
    private static URI locationOf(ObjectKey folder) {
        return URI.create(folder.segments().stream()
                .map(segment -> UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8))
                .collect(Collectors.joining("/", Routes.FOLDERS_KEY, "")));
    }
}
