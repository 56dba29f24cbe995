package dev.sluice.dav;

import dev.sluice.locks.ResourceLock;
import dev.sluice.storage.ObjectInfo;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live properties of a resource (RFC 4918 §15), as XML elements: computed from the store's metadata and the
 * locks, never stored. A folder has no length, type, entity tag or dates of its own.
 */
final class LiveProperties {

    static final List<PropName> NAMES = List.of(
            PropName.dav("resourcetype"),
            PropName.dav("getcontentlength"),
            PropName.dav("getcontenttype"),
            PropName.dav("getetag"),
            PropName.dav("getlastmodified"),
            PropName.dav("creationdate"),
            PropName.dav("displayname"),
            PropName.dav("supportedlock"),
            PropName.dav("lockdiscovery"));

    static final String SUPPORTED_LOCK = "<D:supportedlock>"
            + "<D:lockentry><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockentry>"
            + "<D:lockentry><D:lockscope><D:shared/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockentry>"
            + "</D:supportedlock>";

    private LiveProperties() {}

    /** Whether {@code name} is a live property (which PROPPATCH may not set). */
    static boolean isLive(PropName name) {
        return NAMES.contains(name);
    }

    /** The live properties {@code resource} has, by name, in the order of {@link #NAMES}. */
    static Map<PropName, String> of(DavResource resource, List<ResourceLock> locks, Instant now) {
        Map<PropName, String> props = new LinkedHashMap<>();
        ObjectInfo info = resource.info();
        props.put(
                PropName.dav("resourcetype"),
                resource.collection() ? "<D:resourcetype><D:collection/></D:resourcetype>" : "<D:resourcetype/>");
        if (info != null) {
            props.put(PropName.dav("getcontentlength"), "<D:getcontentlength>" + info.size() + "</D:getcontentlength>");
            // Listings of some backends (S3) carry no type: the name's guess, as the upload would have stored it
            String type = info.contentType() != null
                    ? info.contentType()
                    : dev.sluice.upload.ContentTypes.forUpload(
                            null, resource.path().name());
            props.put(
                    PropName.dav("getcontenttype"), "<D:getcontenttype>" + DavXml.escape(type) + "</D:getcontenttype>");
            String etag = info.etag();
            if (etag != null) {
                props.put(PropName.dav("getetag"), "<D:getetag>" + DavXml.escape(etag) + "</D:getetag>");
            }
            Instant modified = info.lastModified().truncatedTo(ChronoUnit.SECONDS);
            props.put(
                    PropName.dav("getlastmodified"),
                    "<D:getlastmodified>"
                            + DateTimeFormatter.RFC_1123_DATE_TIME.format(modified.atOffset(ZoneOffset.UTC))
                            + "</D:getlastmodified>");
            // The store keeps no creation time: the last write is the best it knows
            props.put(
                    PropName.dav("creationdate"),
                    "<D:creationdate>" + DateTimeFormatter.ISO_INSTANT.format(modified) + "</D:creationdate>");
        }
        props.put(
                PropName.dav("displayname"),
                "<D:displayname>" + DavXml.escape(resource.path().name()) + "</D:displayname>");
        props.put(PropName.dav("supportedlock"), SUPPORTED_LOCK);
        props.put(PropName.dav("lockdiscovery"), lockDiscovery(resource, locks, now));
        return props;
    }

    /** {@code DAV:lockdiscovery} with the locks among {@code locks} that cover {@code path}. */
    static String lockDiscovery(DavResource resource, List<ResourceLock> locks, Instant now) {
        StringBuilder xml = new StringBuilder("<D:lockdiscovery>");
        for (ResourceLock lock : locks) {
            if (lock.covers(resource.path().storePath())) {
                xml.append(activeLock(resource, lock, now));
            }
        }
        return xml.append("</D:lockdiscovery>").toString();
    }

    static String activeLock(DavResource resource, ResourceLock lock, Instant now) {
        DavPath path = resource.path();
        long left = Math.max(0, (lock.expiresAt() - now.toEpochMilli() + 999) / 1000);
        DavPath root = path.sibling(lock.root());
        StringBuilder xml = new StringBuilder("<D:activelock><D:locktype><D:write/></D:locktype><D:lockscope>")
                .append(lock.exclusive() ? "<D:exclusive/>" : "<D:shared/>")
                .append("</D:lockscope><D:depth>")
                .append(lock.infinite() ? "infinity" : "0")
                .append("</D:depth>")
                .append(lock.owner())
                .append("<D:timeout>Second-")
                .append(left)
                .append("</D:timeout><D:locktoken><D:href>")
                .append(DavXml.escape(lock.token()))
                .append("</D:href></D:locktoken>");
        if (root != null) {
            xml.append("<D:lockroot><D:href>")
                    .append(DavXml.escape(root.href(!lock.root().equals(path.storePath()) || resource.collection())))
                    .append("</D:href></D:lockroot>");
        }
        return xml.append("</D:activelock>").toString();
    }
}
