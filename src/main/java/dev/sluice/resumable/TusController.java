package dev.sluice.resumable;

import dev.sluice.security.SluiceAuthentication;
import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import dev.sluice.web.Routes;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
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
 * {@code /api/v1/uploads} and {@code /api/v1/uploads/{id}}: tus 1.0.0 for the API's callers. An upload belongs to
 * the caller who created it ({@link Uploader}); the protocol itself is {@link TusProtocol}.
 */
@RestController
class TusController implements TusApi {

    /** The owner of uploads when security is off: there is one caller, everyone. */
    static final String ANONYMOUS = "anonymous";

    private final TusProtocol tus;

    TusController(TusProtocol tus) {
        this.tus = tus;
    }

    @Override
    @RequestMapping(path = Routes.UPLOADS, method = RequestMethod.OPTIONS)
    public ResponseEntity<Void> options() {
        return tus.options();
    }

    /** The same discovery on an upload URL (tus clients may ask either). */
    @Hidden
    @RequestMapping(path = Routes.UPLOADS + "/{id}", method = RequestMethod.OPTIONS)
    public ResponseEntity<Void> optionsOfUpload() {
        return tus.options();
    }

    @Override
    @PostMapping(Routes.UPLOADS)
    public Mono<ResponseEntity<Object>> create(ServerWebExchange exchange) {
        return uploader().flatMap(uploader -> tus.create(exchange, uploader, Routes.UPLOADS + "/", true));
    }

    @Override
    @RequestMapping(path = Routes.UPLOADS + "/{id}", method = RequestMethod.HEAD)
    public Mono<ResponseEntity<Object>> head(@PathVariable String id) {
        return uploader().flatMap(uploader -> tus.head(uploader, id, Routes.UPLOADS + "/", true));
    }

    @Override
    @PatchMapping(Routes.UPLOADS + "/{id}")
    public Mono<ResponseEntity<Object>> patch(ServerWebExchange exchange, @PathVariable String id) {
        return uploader().flatMap(uploader -> tus.patch(exchange, uploader, id, Routes.UPLOADS + "/", true));
    }

    /**
     * {@code POST} with {@code X-HTTP-Method-Override: PATCH} (or {@code DELETE}), for clients that cannot send
     * those methods (tus-java-client on {@code HttpURLConnection}), as tusd accepts it.
     */
    @Hidden
    @PostMapping(Routes.UPLOADS + "/{id}")
    public Mono<ResponseEntity<Object>> overridden(ServerWebExchange exchange, @PathVariable String id) {
        String method = exchange.getRequest().getHeaders().getFirst("X-HTTP-Method-Override");
        if ("PATCH".equalsIgnoreCase(method)) {
            return patch(exchange, id);
        }
        if ("DELETE".equalsIgnoreCase(method)) {
            return delete(exchange, id);
        }
        return Mono.error(new ApiException(
                        ProblemCode.METHOD_NOT_ALLOWED,
                        "POST to an upload URL needs X-HTTP-Method-Override: PATCH or DELETE")
                .withHeader(HttpHeaders.ALLOW, "HEAD, PATCH, DELETE, OPTIONS"));
    }

    @Override
    @DeleteMapping(Routes.UPLOADS + "/{id}")
    public Mono<ResponseEntity<Object>> delete(ServerWebExchange exchange, @PathVariable String id) {
        return uploader().flatMap(uploader -> tus.delete(exchange, uploader, id));
    }

    private static Mono<Uploader> uploader() {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(SecurityContext::getAuthentication)
                .filter(SluiceAuthentication.class::isInstance)
                .map(auth -> ((SluiceAuthentication) auth).caller())
                .map(caller -> Uploader.caller(caller.name(), caller.home()))
                .defaultIfEmpty(Uploader.caller(ANONYMOUS, null));
    }
}
