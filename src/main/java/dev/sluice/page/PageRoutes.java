package dev.sluice.page;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Serves the browser page from memory ({@link PageAssets}) for GET and HEAD, {@code /} included. Only paths of
 * page files match, so every other path goes on to the API and, failing that, to the problem+json 404.
 * {@code spring.web.resources.add-mappings=false} turns Spring's own static handler off.
 */
@Configuration(proxyBeanMethods = false)
class PageRoutes {

    @Bean
    RouterFunction<ServerResponse> pageFiles() {
        PageAssets assets = PageAssets.load(PageAssets.LOCATION);
        RequestPredicate readable =
                RequestPredicates.method(HttpMethod.GET).or(RequestPredicates.method(HttpMethod.HEAD));
        RequestPredicate pageFile = request -> assets.contains(request.path());
        return RouterFunctions.route(
                readable.and(pageFile),
                request -> serve(request, assets.find(request.path()).orElseThrow()));
    }

    /**
     * {@code no-cache}: the browser revalidates on every load (a 304 while unchanged), so an upgraded server never
     * runs with a browser's stale copy of its modules.
     */
    private static Mono<ServerResponse> serve(ServerRequest request, PageAsset asset) {
        return request.checkNotModified(asset.lastModified(), asset.etag())
                .switchIfEmpty(Mono.defer(() -> ServerResponse.ok()
                        .contentType(asset.contentType())
                        .contentLength(asset.content().length)
                        .eTag(asset.etag())
                        .lastModified(asset.lastModified())
                        .cacheControl(CacheControl.noCache())
                        .header("X-Content-Type-Options", "nosniff")
                        .bodyValue(asset.content())));
    }
}
