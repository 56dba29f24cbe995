package dev.sluice.resumable;

import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/** The tus 1.0.0 header vocabulary, declared once for the controllers and the filter. */
final class TusHeaders {

    static final String VERSION = "1.0.0";
    static final String TUS_RESUMABLE = "Tus-Resumable";
    static final String TUS_VERSION = "Tus-Version";
    static final String TUS_EXTENSION = "Tus-Extension";
    static final String TUS_MAX_SIZE = "Tus-Max-Size";
    static final String TUS_CHECKSUM_ALGORITHM = "Tus-Checksum-Algorithm";
    static final String UPLOAD_OFFSET = "Upload-Offset";
    static final String UPLOAD_LENGTH = "Upload-Length";
    static final String UPLOAD_DEFER_LENGTH = "Upload-Defer-Length";
    static final String UPLOAD_METADATA = "Upload-Metadata";
    static final String UPLOAD_EXPIRES = "Upload-Expires";
    static final String UPLOAD_CONCAT = "Upload-Concat";
    static final String UPLOAD_CHECKSUM = "Upload-Checksum";
    /** Where a finished upload's object went (percent-encoded key), since {@code conflict=rename} may rename it. */
    static final String SLUICE_KEY = "Sluice-Key";
    /** The content type of a tus chunk. */
    static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";

    /** Every extension this server implements, as {@code Tus-Extension} lists them. */
    static final List<String> EXTENSIONS = List.of(
            "creation",
            "creation-with-upload",
            "creation-defer-length",
            "termination",
            "expiration",
            "checksum",
            "concatenation");

    /** The headers a browser script may read from a tus response (CORS is not enabled, but the page reads them). */
    static final String EXPOSED = String.join(
            ", ",
            TUS_RESUMABLE,
            TUS_VERSION,
            TUS_EXTENSION,
            TUS_MAX_SIZE,
            UPLOAD_OFFSET,
            UPLOAD_LENGTH,
            UPLOAD_EXPIRES,
            UPLOAD_METADATA,
            UPLOAD_CONCAT,
            SLUICE_KEY,
            HttpHeaders.LOCATION,
            HttpHeaders.CONTENT_LOCATION);

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private TusHeaders() {}

    /** 412 with {@code Tus-Version} unless the request says {@code Tus-Resumable: 1.0.0}. */
    static void requireVersion(@Nullable String tusResumable) {
        if (!VERSION.equals(tusResumable == null ? null : tusResumable.trim())) {
            throw new ApiException(ProblemCode.TUS_VERSION, "Send Tus-Resumable: " + VERSION)
                    .withHeader(TUS_VERSION, VERSION);
        }
    }

    /** A non-negative decimal header, or 400. */
    static long nonNegative(String name, String value) {
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= 0 && value.trim().chars().allMatch(Character::isDigit)) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ApiException(ProblemCode.INVALID_HEADER, name + " must be a non-negative integer");
    }

    static String httpDate(Instant instant) {
        return HTTP_DATE.format(instant);
    }
}
