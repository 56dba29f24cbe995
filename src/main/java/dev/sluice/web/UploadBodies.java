package dev.sluice.web;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;

/** The request body of an upload, marked so that an error found mid-body closes the connection. */
public final class UploadBodies {

    /** Exchange attribute: the upload started reading its body. */
    static final String BODY_STARTED = UploadBodies.class.getName() + ".bodyStarted";

    private UploadBodies() {}

    /** The request body; subscribing marks the exchange. */
    public static Flux<DataBuffer> of(ServerWebExchange exchange) {
        return exchange.getRequest()
                .getBody()
                .doOnSubscribe(subscription -> exchange.getAttributes().put(BODY_STARTED, Boolean.TRUE));
    }

    /** Marks the exchange for a body read another way (multipart parsing). */
    public static void markStarted(ServerWebExchange exchange) {
        exchange.getAttributes().put(BODY_STARTED, Boolean.TRUE);
    }
}
