package dev.sluice.transfers;

import dev.sluice.transfers.Transfer.Outcome;
import dev.sluice.web.ProblemCodes;
import dev.sluice.web.Routes;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Observes every upload ({@code PUT /api/v1/files/{key}}, {@code POST /api/v1/files}, a tus creation or chunk under
 * {@code /api/v1/uploads}, and the same through an upload link: {@code POST /api/v1/s/<token>/files}, tus under
 * {@code /api/v1/s/<token>/uploads}, logged without the token's signature) and download
 * ({@code GET /api/v1/files/{key}}, and the ZIPs of {@code /api/v1/zip} and {@code /api/v1/zips}) from the first
 * byte to the last: registers a {@link Transfer}, counts body
 * bytes, and finishes it with the outcome, including refusals that happen before a controller runs its checks.
 * Targets are logged as the raw (percent-encoded, ASCII) path, so a key cannot forge log lines.
 */
@Component
public class TransferObservationFilter implements WebFilter, Ordered {

    /** Exchange attribute holding the download's {@link Transfer}, for the responder to count bytes. */
    public static final String DOWNLOAD = Transfer.class.getName() + ".download";

    private final Transfers transfers;

    public TransferObservationFilter(Transfers transfers) {
        this.transfers = transfers;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpMethod method = request.getMethod();
        String path = request.getPath().pathWithinApplication().value();
        boolean keyPath = path.startsWith(Routes.FILES_KEY);
        String linkRest = linkRest(path);
        boolean tus = path.equals(Routes.UPLOADS)
                || path.startsWith(Routes.UPLOADS + "/")
                || linkRest != null && (linkRest.equals("/uploads") || linkRest.startsWith("/uploads/"));
        boolean linkFiles = "/files".equals(linkRest);
        boolean uploading = HttpMethod.PUT.equals(method) && keyPath
                || HttpMethod.POST.equals(method) && (path.equals(Routes.FILES) || linkFiles || tus)
                || HttpMethod.PATCH.equals(method) && tus;
        if (uploading) {
            String query = request.getURI().getRawQuery();
            String target = linkRest == null ? path : redactedLink(path, linkRest);
            Transfer upload = transfers.upload(
                    query == null ? target : target + "?" + query,
                    request.getHeaders().getContentLength());
            ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
                @Override
                public Flux<DataBuffer> getBody() {
                    return super.getBody().doOnNext(buffer -> upload.add(buffer.readableByteCount()));
                }
            };
            return observe(chain.filter(exchange.mutate().request(counted).build()), upload, exchange);
        }
        boolean zip = path.equals(Routes.ZIP) || path.startsWith(Routes.ZIP_KEY) || path.startsWith(Routes.ZIPS + "/");
        if (HttpMethod.GET.equals(method) && (keyPath || zip)) {
            Transfer download = transfers.download(path);
            exchange.getAttributes().put(DOWNLOAD, download);
            return observe(chain.filter(exchange), download, exchange);
        }
        return chain.filter(exchange);
    }

    /** For a path under an upload link's routes ({@code /api/v1/s/<token>/...}), what follows the token; else null. */
    private static @Nullable String linkRest(String path) {
        if (!path.startsWith(Routes.SHARED)) {
            return null;
        }
        int slash = path.indexOf('/', Routes.SHARED.length());
        return slash < 0 ? null : path.substring(slash);
    }

    /**
     * The path with the link's signature left out: the token is a credential and the log no place for it; the
     * link's id (before the dot) still tells which link it was.
     */
    private static String redactedLink(String path, String rest) {
        String token = path.substring(Routes.SHARED.length(), path.length() - rest.length());
        int dot = token.indexOf('.');
        return Routes.SHARED + (dot < 0 ? "" : token.substring(0, dot)) + ".*" + rest;
    }

    private static Mono<Void> observe(Mono<Void> handling, Transfer transfer, ServerWebExchange exchange) {
        return handling.doOnSuccess(done -> {
                    int status = status(exchange.getResponse().getStatusCode());
                    transfer.finish(outcomeOf(status), status, "");
                })
                .doOnError(error -> {
                    int status = ProblemCodes.status(error);
                    Outcome outcome = outcomeOf(status);
                    transfer.finish(outcome, status, outcome == Outcome.REFUSED ? ProblemCodes.code(error) : "");
                })
                .doOnCancel(() -> transfer.finish(Outcome.CANCELLED, 499, ""));
    }

    private static int status(@Nullable HttpStatusCode code) {
        return code == null ? 200 : code.value();
    }

    private static Outcome outcomeOf(int status) {
        if (status < 400) {
            return Outcome.SUCCESS;
        }
        return status < 500 || status == 507 ? Outcome.REFUSED : Outcome.FAILED;
    }
}
