package dev.sluice.dav;

import org.w3c.dom.Element;

/**
 * A property's name: namespace URI (empty for none) and local name.
 *
 * @param namespace the namespace URI, empty when the element has none
 * @param local the local name
 */
record PropName(String namespace, String local) {

    static PropName dav(String local) {
        return new PropName(DavXml.DAV, local);
    }

    static PropName of(Element element) {
        String namespace = element.getNamespaceURI();
        return new PropName(namespace == null ? "" : namespace, DavXml.localName(element));
    }

    boolean isDav() {
        return namespace.equals(DavXml.DAV);
    }

    /** An empty element of this name, declaring its namespace (for propname answers and missing properties). */
    String emptyElement() {
        if (isDav()) {
            return "<D:" + local + "/>";
        }
        return "<X:" + local + " xmlns:X=\"" + DavXml.escape(namespace) + "\"/>";
    }

    /** A stable string form, {@code {namespace}local}, used as the key of stored dead properties. */
    String clark() {
        return "{" + namespace + "}" + local;
    }

    static PropName fromClark(String clark) {
        int close = clark.indexOf('}');
        return new PropName(clark.substring(1, close), clark.substring(close + 1));
    }
}
