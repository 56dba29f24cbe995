package dev.sluice.dav;

import dev.sluice.locks.ResourceLock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.w3c.dom.Element;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * PROPFIND (RFC 4918 §9.1): what the request asks for, and the {@code DAV:response} elements of the 207 answer,
 * produced one resource at a time so that a folder of any size streams in flat memory.
 */
final class Propfind {

    enum Kind {
        ALLPROP,
        PROPNAME,
        PROP
    }

    /**
     * @param kind which of the three forms
     * @param names the properties asked for ({@code prop}), or the extra ones of {@code allprop}'s {@code include}
     */
    record Query(Kind kind, List<PropName> names) {}

    private Propfind() {}

    /** The query of a body; an empty body is {@code allprop}. */
    static Query parse(@Nullable Element root) {
        if (root == null) {
            return new Query(Kind.ALLPROP, List.of());
        }
        if (!DavXml.is(root, "propfind")) {
            throw DavXml.invalid("a PROPFIND body must be a DAV:propfind element");
        }
        for (Element child : DavXml.children(root)) {
            if (DavXml.is(child, "propname")) {
                return new Query(Kind.PROPNAME, List.of());
            }
            if (DavXml.is(child, "prop")) {
                return new Query(Kind.PROP, names(child));
            }
            if (DavXml.is(child, "allprop")) {
                Element include = DavXml.child(root, "include");
                return new Query(Kind.ALLPROP, include == null ? List.of() : names(include));
            }
        }
        throw DavXml.invalid("a DAV:propfind needs allprop, propname or prop");
    }

    static List<PropName> names(Element parent) {
        List<PropName> names = new ArrayList<>();
        for (Element element : DavXml.children(parent)) {
            names.add(PropName.of(element));
        }
        return names;
    }

    /** One {@code DAV:response} for {@code resource}. */
    static String response(
            DavResource resource, Query query, List<ResourceLock> locks, Map<PropName, String> dead, Instant now) {
        Map<PropName, String> live = LiveProperties.of(resource, locks, now);
        StringBuilder xml = new StringBuilder(512)
                .append("<D:response><D:href>")
                .append(DavXml.escape(resource.href()))
                .append("</D:href>");
        switch (query.kind()) {
            case PROPNAME -> {
                StringBuilder names = new StringBuilder();
                live.keySet().forEach(name -> names.append(name.emptyElement()));
                dead.keySet().forEach(name -> names.append(name.emptyElement()));
                propstat(xml, names, HttpStatus.OK);
            }
            case ALLPROP -> {
                StringBuilder found = new StringBuilder();
                live.values().forEach(found::append);
                dead.values().forEach(found::append);
                propstat(xml, found, HttpStatus.OK);
            }
            case PROP -> {
                StringBuilder found = new StringBuilder();
                StringBuilder missing = new StringBuilder();
                for (PropName name : query.names()) {
                    String value = live.containsKey(name) ? live.get(name) : dead.get(name);
                    if (value != null) {
                        found.append(value);
                    } else {
                        missing.append(name.emptyElement());
                    }
                }
                if (!found.isEmpty()) {
                    propstat(xml, found, HttpStatus.OK);
                }
                if (!missing.isEmpty()) {
                    propstat(xml, missing, HttpStatus.NOT_FOUND);
                }
            }
        }
        return xml.append("</D:response>\n").toString();
    }

    static void propstat(StringBuilder xml, CharSequence props, HttpStatus status) {
        xml.append("<D:propstat><D:prop>")
                .append(props)
                .append("</D:prop><D:status>HTTP/1.1 ")
                .append(status.value())
                .append(' ')
                .append(status.getReasonPhrase())
                .append("</D:status></D:propstat>");
    }

    /**
     * The responses for {@code self} and, with depth 1, its members: a member's dead properties are read only when
     * it has any (one listing tells which objects do).
     */
    static Flux<String> responses(
            DavResource self,
            boolean depthOne,
            Query query,
            List<ResourceLock> locks,
            DavResources resources,
            DeadProperties deadProperties) {
        Instant now = Instant.now();
        boolean wantDead =
                query.kind() != Kind.PROP || query.names().stream().anyMatch(name -> !LiveProperties.isLive(name));
        Mono<String> first = (wantDead ? deadProperties.of(self) : Mono.just(Map.<PropName, String>of()))
                .map(dead -> response(self, query, locks, dead, now));
        if (!depthOne || !self.collection()) {
            return first.flux();
        }
        Mono<Set<String>> withProps = wantDead ? deadProperties.filesWithProperties(self.path()) : Mono.just(Set.of());
        return first.concatWith(withProps.flatMapMany(names -> resources
                .members(self.path())
                .concatMap(
                        member -> {
                            boolean read = wantDead
                                    && (member.collection()
                                            || names.contains(member.path().name()));
                            return (read ? deadProperties.of(member) : Mono.just(Map.<PropName, String>of()))
                                    .map(dead -> response(member, query, locks, dead, now));
                        },
                        64)));
    }
}
