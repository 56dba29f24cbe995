package dev.sluice.shares;

import dev.sluice.resumable.TusProtocol;
import dev.sluice.resumable.Uploader;
import dev.sluice.web.Routes;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/s/<token>/uploads[/<id>]}: tus uploads through an upload link ("file request"), so that a large
 * file can be sent through a link too. Every request checks the link (an expired or revoked one stops its uploads);
 * the uploads belong to the link, go into its folder with {@code conflict=rename} forced (whatever the metadata
 * says), and no response tells under which name a file was stored, as for the link's multipart uploads.
 */
// The page's share view API: described in docs/API.md, kept out of the OpenAPI document of the v1 API.
@Hidden
@RestController
class SharedTusController {

    private static final String UPLOADS = Routes.SHARED + "{token}/uploads";

    private final ShareLinks links;
    private final TusProtocol tus;

    SharedTusController(ShareLinks links, TusProtocol tus) {
        this.links = links;
        this.tus = tus;
    }

    @RequestMapping(
            path = {UPLOADS, UPLOADS + "/{id}"},
            method = RequestMethod.OPTIONS)
    public ResponseEntity<Void> options() {
        return tus.options();
    }

    @PostMapping(UPLOADS)
    public Mono<ResponseEntity<Object>> create(ServerWebExchange exchange, @PathVariable String token) {
        return uploader(token)
                .flatMap(uploader -> tus.create(exchange, uploader, Routes.SHARED + token + "/uploads/", false));
    }

    @RequestMapping(path = UPLOADS + "/{id}", method = RequestMethod.HEAD)
    public Mono<ResponseEntity<Object>> head(@PathVariable String token, @PathVariable String id) {
        return uploader(token).flatMap(uploader -> tus.head(uploader, id, Routes.SHARED + token + "/uploads/", false));
    }

    @PatchMapping(UPLOADS + "/{id}")
    public Mono<ResponseEntity<Object>> patch(
            ServerWebExchange exchange, @PathVariable String token, @PathVariable String id) {
        return uploader(token)
                .flatMap(uploader -> tus.patch(exchange, uploader, id, Routes.SHARED + token + "/uploads/", false));
    }

    @DeleteMapping(UPLOADS + "/{id}")
    public Mono<ResponseEntity<Object>> delete(
            ServerWebExchange exchange, @PathVariable String token, @PathVariable String id) {
        return uploader(token).flatMap(uploader -> tus.delete(exchange, uploader, id));
    }

    private Mono<Uploader> uploader(String token) {
        return links.resolve(token, Permission.UPLOAD).map(share -> Uploader.link(share.id(), share.requirePrefix()));
    }
}
