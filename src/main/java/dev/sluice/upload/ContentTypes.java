package dev.sluice.upload;

import dev.sluice.storage.StageOptions;
import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;

/** The content type stored with an upload: as sent when it parses, else guessed from the name. */
public final class ContentTypes {

    private ContentTypes() {}

    /**
     * @param sent the request's {@code Content-Type}, or null
     * @param filename the object's name, to guess from
     * @throws ApiException 400 when {@code sent} does not parse or is too long to store
     */
    public static String forUpload(@Nullable String sent, String filename) {
        if (sent != null && !sent.isBlank()) {
            String trimmed = sent.trim();
            MediaType parsed;
            try {
                parsed = MediaType.parseMediaType(trimmed);
            } catch (InvalidMediaTypeException e) {
                throw new ApiException(ProblemCode.INVALID_HEADER, "Content-Type does not parse: " + e.getMessage());
            }
            if (!StandardCharsets.US_ASCII.newEncoder().canEncode(trimmed)
                    || trimmed.length() > StageOptions.MAX_CONTENT_TYPE_BYTES) {
                throw new ApiException(
                        ProblemCode.INVALID_HEADER,
                        "Content-Type must be ASCII of at most " + StageOptions.MAX_CONTENT_TYPE_BYTES + " characters");
            }
            if (!parsed.equalsTypeAndSubtype(MediaType.APPLICATION_OCTET_STREAM)
                    || !parsed.getParameters().isEmpty()) {
                return trimmed;
            }
        }
        return MediaTypeFactory.getMediaType(filename)
                .map(MediaType::toString)
                .orElse(MediaType.APPLICATION_OCTET_STREAM_VALUE);
    }
}
