package dev.sluice.dav;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A refusal that WebDAV clients read as XML: a status with a {@code DAV:error} body naming the precondition that
 * failed (RFC 4918 §16), such as 423 with {@code lock-token-submitted} and the locked resources' hrefs.
 */
final class DavException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String condition;
    private final transient List<String> hrefs;

    DavException(HttpStatus status, String condition, String detail, List<String> hrefs) {
        super(detail);
        this.status = status;
        this.condition = condition;
        this.hrefs = List.copyOf(hrefs);
    }

    DavException(HttpStatus status, String condition, String detail) {
        this(status, condition, detail, List.of());
    }

    HttpStatus status() {
        return status;
    }

    String body() {
        return DavXml.error(condition, hrefs);
    }
}
