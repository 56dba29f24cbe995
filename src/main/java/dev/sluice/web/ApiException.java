package dev.sluice.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A request refused by policy (a limit, a malformed header, a conflict), rendered as a problem with a stable
 * {@code code}. Storage errors have their own types in {@code dev.sluice.storage}.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final HttpHeaders headers = new HttpHeaders();
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ApiException(HttpStatus status, String code, String detail) {
        this(status, code, detail, null);
    }

    public ApiException(HttpStatus status, String code, String detail, @Nullable Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.code = code;
    }

    public static ApiException badRequest(String code, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, detail);
    }

    /** Adds a response header to the problem response. */
    public ApiException withHeader(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /** Adds a member to the problem document. */
    public ApiException withProperty(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public HttpHeaders headers() {
        return headers;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
