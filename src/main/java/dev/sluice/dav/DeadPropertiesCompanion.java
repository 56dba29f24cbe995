package dev.sluice.dav;

import dev.sluice.files.ResourceCompanion;
import reactor.core.publisher.Mono;

/**
 * Dead properties follow their resource when the v1 API moves, copies or deletes it, as they do for WebDAV's own
 * MOVE, COPY and DELETE: a file renamed on the page keeps the timestamps Windows stored on it, and a new file at a
 * deleted one's key does not inherit them.
 */
final class DeadPropertiesCompanion implements ResourceCompanion {

    private final DeadProperties properties;

    DeadPropertiesCompanion(DeadProperties properties) {
        this.properties = properties;
    }

    @Override
    public Mono<Void> moved(String from, String to, boolean folder) {
        return folder ? properties.transferTree(from, to, true) : properties.transfer(from, to, false, true);
    }

    @Override
    public Mono<Void> copied(String from, String to, boolean folder) {
        return folder ? properties.transferTree(from, to, false) : properties.transfer(from, to, false, false);
    }

    @Override
    public Mono<Void> deleted(String path, boolean folder) {
        return folder ? properties.removeTree(path) : properties.remove(path, false);
    }

    @Override
    public String toString() {
        return "WebDAV's dead properties";
    }
}
