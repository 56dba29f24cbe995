package dev.sluice.shares;

import dev.sluice.upload.UploadLimits;
import dev.sluice.upload.UploadProperties;
import dev.sluice.upload.UploadsProperties;
import dev.sluice.web.Routes;
import io.swagger.v3.oas.annotations.Hidden;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/s/<token>}: what a live link allows, for the share page to show the right view, and for an
 * upload link the upload limits its holder needs (the largest file, and from which size and in which chunks the page
 * sends by tus), which {@code /api/v1/limits} gives only to callers with an account. Nothing about the folder or its
 * files: a link that does not work is the same 403 as on every other route of the link.
 */
// The page's share view API: described in docs/API.md, kept out of the OpenAPI document of the v1 API.
@Hidden
@RestController
class SharedLinkController {

    private final ShareLinks links;
    private final UploadLimits limits;

    SharedLinkController(ShareLinks links, UploadProperties upload, UploadsProperties resumable) {
        this.links = links;
        this.limits = UploadLimits.of(upload, resumable);
    }

    /**
     * What a link allows.
     *
     * @param permission {@code read} or {@code upload}
     * @param limits for an upload link, the upload limits; null for a read link
     */
    record LinkDescription(Permission permission, @Nullable UploadLimits limits) {}

    @GetMapping(Routes.SHARED + "{token}")
    public Mono<LinkDescription> describe(@PathVariable String token) {
        return links.resolveAny(token)
                .map(share -> new LinkDescription(
                        share.permission(), share.permission() == Permission.UPLOAD ? limits : null));
    }
}
