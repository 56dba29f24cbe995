package dev.sluice.security;

import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The refusals of access control, as problems that {@code web.ProblemDetailsExceptionHandler} renders like every
 * other error: 401 {@code unauthorized}, 403 {@code forbidden}, 429 {@code too-many-requests}.
 */
final class SecurityProblems {

    static final String REALM = "Sluice";

    private SecurityProblems() {}

    /**
     * 401 with a challenge. A browser opens its password dialog on a {@code Basic} challenge, so script requests of
     * a page (the page's own, Swagger UI's) are challenged with {@code Bearer} only: those that say
     * {@code X-Requested-With: XMLHttpRequest}, and those whose {@code Sec-Fetch-Mode} (sent by every current
     * browser) is anything but {@code navigate}. Other clients (curl, a link opened in a tab) are offered Basic too.
     */
    static ApiException unauthorized(ServerHttpRequest request, String detail) {
        return new ApiException(ProblemCode.UNAUTHORIZED, detail)
                .withHeader(
                        HttpHeaders.WWW_AUTHENTICATE,
                        fromScript(request)
                                ? "Bearer realm=\"" + REALM + "\""
                                : "Basic realm=\"" + REALM + "\", charset=\"UTF-8\", Bearer realm=\"" + REALM + "\"");
    }

    static ApiException forbidden(String detail) {
        return new ApiException(ProblemCode.FORBIDDEN, detail);
    }

    static ApiException tooManyRequests(Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ApiException(
                        ProblemCode.TOO_MANY_REQUESTS,
                        "Too many failed logins from this address or for this user; try again in " + seconds + " s")
                .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    }

    static boolean fromScript(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        String mode = headers.getFirst("Sec-Fetch-Mode");
        return "XMLHttpRequest".equalsIgnoreCase(headers.getFirst("X-Requested-With"))
                || mode != null && !mode.equalsIgnoreCase("navigate");
    }
}
