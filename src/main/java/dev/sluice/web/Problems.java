package dev.sluice.web;

import dev.sluice.storage.InsufficientStorageException;
import dev.sluice.storage.InvalidKeyException;
import dev.sluice.storage.KeyFolderConflictException;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.PreconditionFailedException;
import dev.sluice.storage.StorageException;
import dev.sluice.storage.StorageIoException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * Maps every exception to an RFC 9457 problem: status, stable {@code code}, title, detail and extra headers. The one
 * place where the storage package's error types meet HTTP.
 */
final class Problems {

    private Problems() {
    }

    /**
     * The problem for {@code error}.
     *
     * @param instance the request path, reported as the problem's {@code instance}
     */
    static Problem of(Throwable error, String instance) {
        if (error instanceof PartialBatchException partial && partial.getCause() != null) {
            Problem problem = of(partial.getCause(), instance);
            Map<String, Object> extra = new LinkedHashMap<>(problem.extra());
            extra.put("stored", partial.stored());
            return new Problem(problem.status(), problem.code(), problem.detail(), instance, problem.headers(), extra);
        }
        if (error instanceof DecodingException decoding) {
            return simple(HttpStatus.BAD_REQUEST, "invalid-request", "Malformed request body: "
                    + decoding.getMessage(), instance);
        }
        if (error instanceof ApiException api) {
            return new Problem(api.status(), api.code(), api.getMessage(), instance, api.headers(), api.properties());
        }
        if (error instanceof StorageException storage) {
            return ofStorage(storage, instance);
        }
        if (error instanceof DataBufferLimitException) {
            // Raised by codecs only (multipart part headers over their limit), never for file content, whose
            // limit is sluice.upload.max-file-size (413 too-large).
            return simple(HttpStatus.BAD_REQUEST, "invalid-request", error.getMessage(), instance);
        }
        if (error instanceof MethodNotAllowedException notAllowed) {
            HttpHeaders headers = new HttpHeaders();
            java.util.Set<HttpMethod> allowed = new java.util.LinkedHashSet<>(notAllowed.getSupportedMethods());
            if (allowed.contains(HttpMethod.GET)) {
                allowed.add(HttpMethod.HEAD); // every GET route answers HEAD too
            }
            headers.setAllow(allowed);
            return new Problem(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
                    "Method " + notAllowed.getHttpMethod() + " is not allowed here", instance, headers, Map.of());
        }
        if (error instanceof UnsupportedMediaTypeStatusException unsupported) {
            return simple(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", unsupported.getReason(),
                    instance);
        }
        if (error instanceof ServerWebInputException input) {
            return simple(HttpStatus.BAD_REQUEST, "invalid-request", input.getReason(), instance);
        }
        if (error instanceof ResponseStatusException status) {
            HttpStatusCode code = status.getStatusCode();
            HttpStatus resolved = HttpStatus.resolve(code.value());
            HttpStatus httpStatus = resolved == null ? HttpStatus.INTERNAL_SERVER_ERROR : resolved;
            String problemCode = httpStatus == HttpStatus.NOT_FOUND ? "not-found"
                    : httpStatus.getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
            String detail = httpStatus == HttpStatus.NOT_FOUND ? "No such route or resource" : status.getReason();
            return new Problem(httpStatus, problemCode, detail, instance, status.getHeaders(), Map.of());
        }
        return simple(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "The server failed to handle the request", instance);
    }

    private static Problem ofStorage(StorageException error, String instance) {
        if (error instanceof InvalidKeyException) {
            return simple(HttpStatus.BAD_REQUEST, "invalid-key", "Invalid key: " + error.getMessage(), instance);
        }
        if (error instanceof ObjectNotFoundException) {
            return simple(HttpStatus.NOT_FOUND, "not-found", error.getMessage(), instance);
        }
        if (error instanceof KeyFolderConflictException) {
            return simple(HttpStatus.CONFLICT, "key-folder-conflict", error.getMessage(), instance);
        }
        if (error instanceof PreconditionFailedException) {
            return simple(HttpStatus.PRECONDITION_FAILED, "precondition-failed", error.getMessage(), instance);
        }
        if (error instanceof InsufficientStorageException) {
            return simple(HttpStatus.INSUFFICIENT_STORAGE, "insufficient-storage", error.getMessage(), instance);
        }
        if (error instanceof StorageIoException) {
            return simple(HttpStatus.INTERNAL_SERVER_ERROR, "storage-error", "Storage failed", instance);
        }
        return simple(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Storage failed", instance);
    }

    private static Problem simple(HttpStatus status, String code, String detail, String instance) {
        return new Problem(status, code, detail == null ? status.getReasonPhrase() : detail, instance,
                HttpHeaders.EMPTY, Map.of());
    }

    /** A problem ready to render. */
    record Problem(HttpStatus status, String code, String detail, String instance, HttpHeaders headers,
            Map<String, Object> extra) {

        /** The problem document, in the member order of RFC 9457's examples. */
        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "about:blank");
            body.put("title", title(status));
            body.put("status", status.value());
            body.put("detail", detail);
            body.put("instance", instance);
            body.put("code", code);
            body.putAll(extra);
            return body;
        }

        /**
         * RFC 9457 §4.2.1: with type {@code about:blank} the title should be the status phrase RFC 9110 recommends.
         * Spring's enum still carries older phrases for two statuses we send: {@code PAYLOAD_TOO_LARGE} ("Payload
         * Too Large", RFC 9110 says "Content Too Large") and {@code REQUESTED_RANGE_NOT_SATISFIABLE} ("Requested
         * range not satisfiable", RFC 9110 says "Range Not Satisfiable").
         */
        private static String title(HttpStatus status) {
            return switch (status.value()) {
                case 413 -> "Content Too Large";
                case 416 -> "Range Not Satisfiable";
                default -> status.getReasonPhrase();
            };
        }
    }
}
