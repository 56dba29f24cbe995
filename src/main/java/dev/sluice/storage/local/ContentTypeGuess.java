package dev.sluice.storage.local;

import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;

/** The content type of a file Sluice did not write: guessed from its name, as uploads without one are. */
final class ContentTypeGuess {

    private ContentTypeGuess() {}

    static String of(String name) {
        return MediaTypeFactory.getMediaType(name)
                .map(MediaType::toString)
                .orElse(MediaType.APPLICATION_OCTET_STREAM_VALUE);
    }
}
