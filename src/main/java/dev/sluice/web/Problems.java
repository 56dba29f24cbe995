package dev.sluice.web;

import dev.sluice.storage.FolderNotEmptyException;
import dev.sluice.storage.FolderTooLargeException;
import dev.sluice.storage.InsufficientStorageException;
import dev.sluice.storage.InvalidKeyException;
import dev.sluice.storage.KeyFolderConflictException;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.PreconditionFailedException;
import dev.sluice.storage.StorageException;
import dev.sluice.storage.StorageIoException;
import dev.sluice.storage.TargetExistsException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
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

    private Problems() {}

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
            return simple(ProblemCode.INVALID_REQUEST, "Malformed request body: " + decoding.getMessage(), instance);
        }
        if (error instanceof ApiException api) {
            return new Problem(
                    api.status(), api.code().code(), api.getMessage(), instance, api.headers(), api.properties());
        }
        if (error instanceof StorageException storage) {
            return ofStorage(storage, instance);
        }
        if (error instanceof DataBufferLimitException) {
            // Raised by codecs only (multipart part headers over their limit), never for file content, whose
            // limit is sluice.upload.max-file-size (413 too-large).
            return simple(ProblemCode.INVALID_REQUEST, error.getMessage(), instance);
        }
        if (error instanceof MethodNotAllowedException notAllowed) {
            HttpHeaders headers = new HttpHeaders();
            java.util.Set<HttpMethod> allowed = new java.util.LinkedHashSet<>(notAllowed.getSupportedMethods());
            if (allowed.contains(HttpMethod.GET)) {
                allowed.add(HttpMethod.HEAD); // every GET route answers HEAD too
            }
            headers.setAllow(allowed);
            return new Problem(
                    HttpStatus.METHOD_NOT_ALLOWED,
                    ProblemCode.METHOD_NOT_ALLOWED.code(),
                    "Method " + notAllowed.getHttpMethod() + " is not allowed here",
                    instance,
                    headers,
                    Map.of());
        }
        if (error instanceof UnsupportedMediaTypeStatusException unsupported) {
            return simple(ProblemCode.UNSUPPORTED_MEDIA_TYPE, unsupported.getReason(), instance);
        }
        if (error instanceof ServerWebInputException input) {
            return simple(ProblemCode.INVALID_REQUEST, input.getReason(), instance);
        }
        if (error instanceof ResponseStatusException status) {
            HttpStatusCode code = status.getStatusCode();
            HttpStatus resolved = HttpStatus.resolve(code.value());
            HttpStatus httpStatus = resolved == null ? HttpStatus.INTERNAL_SERVER_ERROR : resolved;
            // A status the catalogue has one code for answers with it; any other, with its phrase as the code.
            String problemCode = ProblemCode.onlyOneFor(httpStatus)
                    .map(ProblemCode::code)
                    .orElseGet(() -> httpStatus
                            .getReasonPhrase()
                            .toLowerCase(java.util.Locale.ROOT)
                            .replace(' ', '-'));
            String detail = httpStatus == HttpStatus.NOT_FOUND ? "No such route or resource" : status.getReason();
            return new Problem(httpStatus, problemCode, detail, instance, status.getHeaders(), Map.of());
        }
        return simple(ProblemCode.INTERNAL_ERROR, "The server failed to handle the request", instance);
    }

    private static Problem ofStorage(StorageException error, String instance) {
        if (error instanceof InvalidKeyException) {
            return simple(ProblemCode.INVALID_KEY, "Invalid key: " + error.getMessage(), instance);
        }
        if (error instanceof ObjectNotFoundException) {
            return simple(ProblemCode.NOT_FOUND, error.getMessage(), instance);
        }
        if (error instanceof KeyFolderConflictException) {
            return simple(ProblemCode.KEY_FOLDER_CONFLICT, error.getMessage(), instance);
        }
        if (error instanceof TargetExistsException) {
            return simple(ProblemCode.CONFLICT, error.getMessage() + " (conflict=fail)", instance);
        }
        if (error instanceof FolderNotEmptyException) {
            return simple(ProblemCode.FOLDER_NOT_EMPTY, error.getMessage(), instance);
        }
        if (error instanceof FolderTooLargeException) {
            return simple(ProblemCode.FOLDER_TOO_LARGE, error.getMessage(), instance);
        }
        if (error instanceof PreconditionFailedException) {
            return simple(ProblemCode.PRECONDITION_FAILED, error.getMessage(), instance);
        }
        if (error instanceof InsufficientStorageException) {
            return simple(ProblemCode.INSUFFICIENT_STORAGE, error.getMessage(), instance);
        }
        if (error instanceof StorageIoException) {
            return simple(ProblemCode.STORAGE_ERROR, "Storage failed", instance);
        }
        return simple(ProblemCode.INTERNAL_ERROR, "Storage failed", instance);
    }

    private static Problem simple(ProblemCode code, @Nullable String detail, String instance) {
        return new Problem(
                code.status(),
                code.code(),
                detail == null ? code.status().getReasonPhrase() : detail,
                instance,
                HttpHeaders.EMPTY,
                Map.of());
    }

    /** A problem ready to render. */
    record Problem(
            HttpStatus status,
            String code,
            @Nullable String detail,
            String instance,
            HttpHeaders headers,
            Map<String, Object> extra) {

        /** The problem document, in the member order of RFC 9457's examples. */
        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "about:blank");
            body.put("title", ProblemCode.titleOf(status));
            body.put("status", status.value());
            body.put("detail", detail);
            body.put("instance", instance);
            body.put("code", code);
            body.putAll(extra);
            return body;
        }
    }
}
