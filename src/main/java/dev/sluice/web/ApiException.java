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

    private final ProblemCode code;
    private final HttpHeaders headers = new HttpHeaders();
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ApiException(ProblemCode code, String detail) {
        this(code, detail, null);
    }

    public ApiException(ProblemCode code, String detail, @Nullable Throwable cause) {
        super(detail, cause);
        this.code = code;
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
        return code.status();
    }

    public ProblemCode code() {
        return code;
    }

    public HttpHeaders headers() {
        return headers;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
