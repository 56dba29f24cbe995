package dev.sluice.dav;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.w3c.dom.Element;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Reading XML request bodies (bounded, parsed off the event loop) and writing XML answers. */
final class DavBodies {

    private final DavProperties properties;

    DavBodies(DavProperties properties) {
        this.properties = properties;
    }

    /** The body's root element, or empty for an empty body; 400 when too large, too deep or malformed. */
    Mono<Element> xml(ServerWebExchange exchange) {
        int max = (int) properties.maxXmlBody().toBytes();
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > max) {
            return Mono.error(DavXml.invalid("the XML body is larger than " + max + " bytes"));
        }
        return DataBufferUtils.join(exchange.getRequest().getBody(), max)
                .onErrorMap(
                        DataBufferLimitException.class,
                        e -> DavXml.invalid("the XML body is larger than " + max + " bytes"))
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                // The JAXP parser may load its classes and resources from jars on first use: not on the event loop
                .publishOn(Schedulers.boundedElastic())
                .mapNotNull(bytes -> DavXml.parse(bytes, properties.maxXmlDepth()));
    }

    static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String xml) {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.parseMediaType(DavXml.CONTENT_TYPE));
        response.getHeaders().setContentLength(bytes.length);
        return response.writeWith(
                Mono.fromSupplier(() -> response.bufferFactory().wrap(bytes)));
    }

    /** A 207 streamed element by element: {@code elements} are written between the multistatus tags. */
    static Mono<Void> multistatus(ServerHttpResponse response, Flux<String> elements) {
        response.setStatusCode(HttpStatus.MULTI_STATUS);
        response.getHeaders().setContentType(MediaType.parseMediaType(DavXml.CONTENT_TYPE));
        Flux<String> document = Flux.concat(
                Flux.just(DavXml.HEAD + "<D:multistatus xmlns:D=\"DAV:\">\n"),
                elements.buffer(32).map(batch -> String.join("", batch)),
                Flux.just("</D:multistatus>\n"));
        Flux<DataBuffer> body =
                document.map(text -> response.bufferFactory().wrap(text.getBytes(StandardCharsets.UTF_8)));
        return response.writeWith(body);
    }

    static void noBody(ServerHttpResponse response, HttpStatus status, @Nullable HttpHeaders extra) {
        response.setStatusCode(status);
        if (extra != null) {
            response.getHeaders().addAll(extra);
        }
    }
}
