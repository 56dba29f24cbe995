package dev.sluice.files;

import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tells every {@link ResourceCompanion} what the v1 API did, after the store did it. The change itself has
 * happened and is answered as done: a companion that fails is logged, not turned into an error for the client
 * (its record then describes a resource that moved, which the next WebDAV PROPPATCH or DELETE corrects).
 */
@Component
class ResourceCompanions {

    private static final Logger log = LoggerFactory.getLogger(ResourceCompanions.class);

    private final List<ResourceCompanion> companions;

    ResourceCompanions(List<ResourceCompanion> companions) {
        this.companions = companions;
    }

    Mono<Void> moved(String from, String to, boolean folder) {
        return each(companion -> companion.moved(from, to, folder), "moving", from);
    }

    Mono<Void> copied(String from, String to, boolean folder) {
        return each(companion -> companion.copied(from, to, folder), "copying", from);
    }

    Mono<Void> deleted(String path, boolean folder) {
        return each(companion -> companion.deleted(path, folder), "deleting", path);
    }

    private Mono<Void> each(Function<ResourceCompanion, Mono<Void>> action, String what, String path) {
        return Flux.fromIterable(companions)
                .concatMap(companion -> action.apply(companion).onErrorResume(error -> {
                    log.warn("What {} keeps beside '{}' did not follow its {}", companion, path, what, error);
                    return Mono.empty();
                }))
                .then();
    }
}
