package dev.sluice.web;

import dev.sluice.storage.StorageIoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders every error as {@code application/problem+json}, whatever the {@code Accept} header: those raised by
 * controllers and those raised before one is chosen (unknown routes, 405, codec failures). A single
 * {@link ErrorWebExceptionHandler} rather than a {@code @ControllerAdvice}, because advice never sees errors that
 * happen outside a controller.
 */
@Component
@Order(-2)
class ProblemDetailsExceptionHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsExceptionHandler.class);
    private static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private final JsonMapper json;

    ProblemDetailsExceptionHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            // Headers are gone: the only honest signal left is to cut the connection.
            return Mono.error(error);
        }
        Problems.Problem problem =
                Problems.of(error, exchange.getRequest().getPath().value());
        if (problem.status().is5xxServerError() && problem.status() != HttpStatus.INSUFFICIENT_STORAGE) {
            log.error(
                    "{} {} failed",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    error instanceof StorageIoException ? error.getCause() : error);
        }
        response.setStatusCode(problem.status());
        HttpHeaders headers = response.getHeaders();
        headers.clear();
        headers.addAll(problem.headers());
        headers.setContentType(PROBLEM_JSON);
        headers.setCacheControl("no-store");
        if (Boolean.TRUE.equals(exchange.getAttribute(UploadBodies.BODY_STARTED))) {
            // Part of the request body may still be in flight; the connection cannot be reused.
            headers.setConnection("close");
        }
        byte[] body = json.writeValueAsBytes(problem.body());
        headers.setContentLength(body.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
