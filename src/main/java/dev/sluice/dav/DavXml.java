package dev.sluice.dav;

import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * XML in and out. Request bodies go through one hardened parser: no DTD at all (so no entity of any kind, internal
 * or external), no XInclude, secure processing on, and the size (read by the caller, bounded) and element depth
 * checked; anything malformed is 400 {@code invalid-request} before anything changes. Responses are written as
 * text with every name and value escaped.
 */
final class DavXml {

    static final String DAV = "DAV:";
    static final String CONTENT_TYPE = "application/xml; charset=utf-8";
    static final String HEAD = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";

    private static final DocumentBuilderFactory FACTORY = factory();
    private static final TransformerFactory TRANSFORMERS = transformers();

    private DavXml() {}

    /** Parses a request body, or 400; a body with nothing but white space is null (an empty body). */
    static @Nullable Element parse(byte[] body, int maxDepth) {
        if (isBlank(body)) {
            return null;
        }
        try {
            DocumentBuilder builder = FACTORY.newDocumentBuilder();
            // Fails on fatal errors; no console output for recoverable ones (the default prints them)
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed");
            });
            Document document = builder.parse(new ByteArrayInputStream(body));
            Element root = document.getDocumentElement();
            if (depth(root, 1, maxDepth) > maxDepth) {
                throw invalid("the XML body nests deeper than " + maxDepth + " elements");
            }
            return root;
        } catch (SAXException | IOException e) {
            throw invalid("the XML body does not parse: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    static ApiException invalid(String detail) {
        return new ApiException(ProblemCode.INVALID_REQUEST, detail);
    }

    /** Whether {@code node} is the element {@code DAV:local}. */
    static boolean is(Node node, String local) {
        return node.getNodeType() == Node.ELEMENT_NODE
                && DAV.equals(node.getNamespaceURI())
                && local.equals(localName(node));
    }

    static String localName(Node node) {
        String local = node.getLocalName();
        return local == null ? node.getNodeName() : local;
    }

    /** The child elements of {@code parent}. */
    static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.ELEMENT_NODE) {
                elements.add((Element) child);
            }
        }
        return elements;
    }

    static @Nullable Element child(Element parent, String davLocal) {
        for (Element element : children(parent)) {
            if (is(element, davLocal)) {
                return element;
            }
        }
        return null;
    }

    /** An element and its content, serialized without an XML declaration (for dead properties and owners). */
    static String serialize(Element element) {
        try {
            Transformer transformer = TRANSFORMERS.newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(element), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw invalid("the XML body cannot be stored: " + e.getMessage());
        }
    }

    /** Escapes text for element content and attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        out.append("&#xFFFD;");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** A {@code DAV:error} body with one precondition element, optionally holding hrefs. */
    static String error(String condition, List<String> hrefs) {
        StringBuilder body =
                new StringBuilder(HEAD).append("<D:error xmlns:D=\"DAV:\"><D:").append(condition);
        if (hrefs.isEmpty()) {
            body.append("/>");
        } else {
            body.append('>');
            hrefs.forEach(href -> body.append("<D:href>").append(escape(href)).append("</D:href>"));
            body.append("</D:").append(condition).append('>');
        }
        return body.append("</D:error>\n").toString();
    }

    private static int depth(Element element, int depth, int max) {
        if (depth > max) {
            return depth;
        }
        int deepest = depth;
        for (Element child : children(element)) {
            deepest = Math.max(deepest, depth(child, depth + 1, max));
            if (deepest > max) {
                break;
            }
        }
        return deepest;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private static DocumentBuilderFactory factory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setIgnoringComments(true);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the XML parser cannot be hardened", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }

    private static TransformerFactory transformers() {
        TransformerFactory factory = TransformerFactory.newDefaultInstance();
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        return factory;
    }
}
