package dev.sluice.zipdownload;

import java.util.List;

/**
 * What a signed selection URL carries (as compact JSON inside its token): who asked for it, until when it works,
 * and the selection. Nothing is stored on the server, so the URL works on every instance and needs no clean-up.
 *
 * @param by the user or token that asked for it; empty for an anonymous reader
 * @param expires the epoch second after which it is refused
 * @param items the selection's targets, as {@link Selection#targets()}
 */
record ZipTicket(String by, long expires, List<String> items) {

    ZipTicket {
        items = List.copyOf(items);
    }
}
