package dev.sluice.dav;

import dev.sluice.files.HttpConditions;
import dev.sluice.storage.KeyFolderConflictException;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.Precondition;
import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.w3c.dom.Element;
import reactor.core.publisher.Mono;

/**
 * The methods that change the tree or a resource's properties: DELETE, MKCOL, COPY, MOVE and PROPPATCH. Each
 * passes the lock and {@code If} checks of {@link DavLocking} before it changes anything, and keeps the dead
 * properties and the locks in step with the resources.
 */
final class DavTreeMethods {

    private final ObjectStore store;
    private final DavResources resources;
    private final DavLocking locking;
    private final DavBodies bodies;
    private final DeadProperties deadProperties;

    DavTreeMethods(
            ObjectStore store,
            DavResources resources,
            DavLocking locking,
            DavBodies bodies,
            DeadProperties deadProperties) {
        this.store = store;
        this.resources = resources;
        this.locking = locking;
        this.bodies = bodies;
        this.deadProperties = deadProperties;
    }

    Mono<Void> delete(ServerWebExchange exchange, DavCaller caller, DavPath path) {
        if (path.isRoot()) {
            return Mono.error(new ApiException(ProblemCode.FORBIDDEN, "The root cannot be deleted"));
        }
        return resources.resolve(path).flatMap(resource -> {
            if (!resource.exists()) {
                return Mono.error(new ObjectNotFoundException("Nothing at '" + path.relative() + "'"));
            }
            return locking.checkWrite(
                            exchange.getRequest(),
                            caller,
                            List.of(new DavLocking.Scope(path, true, resource.collection())))
                    .then(remove(
                            resource,
                            HttpConditions.of(exchange.getRequest().getHeaders())
                                    .forWrite()))
                    .then(Mono.defer(() -> {
                        exchange.getResponse().setStatusCode(HttpStatus.NO_CONTENT);
                        return exchange.getResponse().setComplete();
                    }));
        });
    }

    /**
     * Removes a resource with everything below it, its dead properties and its locks (whose tokens the caller has
     * submitted): for DELETE, and for the destination that a COPY or MOVE with {@code Overwrite: T} replaces.
     */
    Mono<Void> remove(DavResource resource, Precondition precondition) {
        DavPath path = resource.path();
        Mono<?> removal =
                resource.collection() ? store.deleteFolder(path.key(), true) : store.delete(path.key(), precondition);
        return removal.then(deadProperties.removeTree(path.storePath()))
                .then(locking.locks().removeWithin(path.storePath()));
    }

    Mono<Void> mkcol(ServerWebExchange exchange, DavCaller caller, DavPath path) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        if (headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            return Mono.error(new ApiException(
                    ProblemCode.UNSUPPORTED_MEDIA_TYPE, "MKCOL takes no body: it creates an empty folder"));
        }
        if (path.isRoot()) {
            return Mono.error(notAllowed("The root exists"));
        }
        DavPath parent = java.util.Objects.requireNonNull(path.parent());
        return resources.resolve(path).flatMap(resource -> {
            if (resource.exists()) {
                return Mono.error(notAllowed("Something is at '" + path.relative() + "' already"));
            }
            return resources.folderExists(parent).flatMap(parentExists -> {
                if (!parentExists) {
                    return Mono.error(new DavException(
                            HttpStatus.CONFLICT, "parent-missing", "The parent folder does not exist"));
                }
                return locking.checkWrite(
                                exchange.getRequest(), caller, List.of(new DavLocking.Scope(path, true, false)))
                        .then(store.createFolder(path.key()))
                        .onErrorMap(
                                KeyFolderConflictException.class,
                                e -> new DavException(
                                        HttpStatus.CONFLICT, "parent-missing", "A parent of this folder is a file"))
                        .then(Mono.defer(() -> {
                            exchange.getResponse().setStatusCode(HttpStatus.CREATED);
                            exchange.getResponse().getHeaders().setContentLength(0);
                            return exchange.getResponse().setComplete();
                        }));
            });
        });
    }

    static ApiException notAllowed(String detail) {
        return new ApiException(ProblemCode.METHOD_NOT_ALLOWED, detail)
                .withHeader(HttpHeaders.ALLOW, DavController.ALLOW);
    }

    /** One instruction of a PROPPATCH, in document order. */
    private record Update(
            PropName name,
            @org.jspecify.annotations.Nullable String xml) {}

    Mono<Void> proppatch(ServerWebExchange exchange, DavCaller caller, DavPath path) {
        return bodies.xml(exchange)
                .switchIfEmpty(Mono.error(DavXml.invalid("PROPPATCH needs a DAV:propertyupdate body")))
                .map(DavTreeMethods::updates)
                .flatMap(updates -> resources.resolve(path).flatMap(resource -> {
                    if (!resource.exists()) {
                        return Mono.error(new ObjectNotFoundException("Nothing at '" + path.relative() + "'"));
                    }
                    return locking.checkWrite(exchange.getRequest(), caller, List.of(DavLocking.Scope.content(path)))
                            .then(apply(resource, updates))
                            .flatMap(failed -> DavBodies.multistatus(
                                    exchange.getResponse(),
                                    reactor.core.publisher.Flux.just(proppatchResponse(resource, updates, failed))));
                }));
    }

    /** Applies all updates or none: a live property among them fails them all (403 for it, 424 for the rest). */
    private Mono<Boolean> apply(DavResource resource, List<Update> updates) {
        boolean protectedTouched = updates.stream().anyMatch(update -> LiveProperties.isLive(update.name()));
        if (protectedTouched) {
            return Mono.just(true);
        }
        return deadProperties.of(resource).flatMap(current -> {
            Map<PropName, String> next = new LinkedHashMap<>(current);
            for (Update update : updates) {
                if (update.xml() == null) {
                    next.remove(update.name());
                } else {
                    next.put(update.name(), update.xml());
                }
            }
            return deadProperties.write(resource, next).thenReturn(false);
        });
    }

    private static String proppatchResponse(DavResource resource, List<Update> updates, boolean failed) {
        StringBuilder xml = new StringBuilder("<D:response><D:href>")
                .append(DavXml.escape(resource.href()))
                .append("</D:href>");
        for (Update update : updates) {
            HttpStatus status = !failed
                    ? HttpStatus.OK
                    : LiveProperties.isLive(update.name()) ? HttpStatus.FORBIDDEN : HttpStatus.FAILED_DEPENDENCY;
            Propfind.propstat(xml, update.name().emptyElement(), status);
        }
        return xml.append("</D:response>\n").toString();
    }

    private static List<Update> updates(Element root) {
        if (!DavXml.is(root, "propertyupdate")) {
            throw DavXml.invalid("a PROPPATCH body must be a DAV:propertyupdate element");
        }
        List<Update> updates = new ArrayList<>();
        for (Element instruction : DavXml.children(root)) {
            boolean set = DavXml.is(instruction, "set");
            if (!set && !DavXml.is(instruction, "remove")) {
                throw DavXml.invalid("a DAV:propertyupdate holds only set and remove");
            }
            Element prop = DavXml.child(instruction, "prop");
            if (prop == null) {
                throw DavXml.invalid("a set or remove needs a DAV:prop");
            }
            for (Element property : DavXml.children(prop)) {
                updates.add(new Update(PropName.of(property), set ? DavXml.serialize(property) : null));
            }
        }
        if (updates.isEmpty()) {
            throw DavXml.invalid("a DAV:propertyupdate with no property");
        }
        return updates;
    }
}
