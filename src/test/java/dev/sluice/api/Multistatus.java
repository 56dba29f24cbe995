package dev.sluice.api;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A 207 body read back with the JDK's own namespace-aware parser: for each href, each property by
 * {@code {namespace}local} with its propstat status and its text (or, for elements with children, the local names
 * of the children).
 */
record Multistatus(Map<String, Map<String, Prop>> responses) {

    record Prop(int status, String text) {}

    static Multistatus parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document =
                    factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            Element root = document.getDocumentElement();
            if (!"DAV:".equals(root.getNamespaceURI()) || !"multistatus".equals(root.getLocalName())) {
                throw new IllegalArgumentException("not a multistatus: " + xml);
            }
            Map<String, Map<String, Prop>> responses = new LinkedHashMap<>();
            NodeList list = root.getElementsByTagNameNS("DAV:", "response");
            for (int i = 0; i < list.getLength(); i++) {
                Element response = (Element) list.item(i);
                String href =
                        text(response.getElementsByTagNameNS("DAV:", "href").item(0));
                Map<String, Prop> props = new LinkedHashMap<>();
                NodeList stats = response.getElementsByTagNameNS("DAV:", "propstat");
                for (int j = 0; j < stats.getLength(); j++) {
                    Element stat = (Element) stats.item(j);
                    String status =
                            text(stat.getElementsByTagNameNS("DAV:", "status").item(0));
                    int code = Integer.parseInt(status.split(" ")[1]);
                    Element prop = (Element)
                            stat.getElementsByTagNameNS("DAV:", "prop").item(0);
                    for (Node p = prop.getFirstChild(); p != null; p = p.getNextSibling()) {
                        if (p.getNodeType() == Node.ELEMENT_NODE) {
                            String ns = p.getNamespaceURI() == null ? "" : p.getNamespaceURI();
                            props.put("{" + ns + "}" + p.getLocalName(), new Prop(code, content(p)));
                        }
                    }
                }
                responses.put(href, props);
            }
            return new Multistatus(responses);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot parse " + xml, e);
        }
    }

    Map<String, Prop> of(String href) {
        Map<String, Prop> props = responses.get(href);
        if (props == null) {
            throw new AssertionError("no response for " + href + " in " + responses.keySet());
        }
        return props;
    }

    /** A DAV: property's text (200 only), or null when missing or not 200. */
    String dav(String href, String local) {
        Prop prop = of(href).get("{DAV:}" + local);
        return prop == null || prop.status() != 200 ? null : prop.text();
    }

    private static String text(Node node) {
        return node == null ? "" : node.getTextContent().trim();
    }

    private static String content(Node node) {
        StringBuilder children = new StringBuilder();
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.ELEMENT_NODE) {
                children.append('<').append(c.getLocalName()).append('>');
            }
        }
        return children.isEmpty()
                ? node.getTextContent().trim()
                : children.toString() + node.getTextContent().trim();
    }
}
