package org.openspine.exchange.assurance;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.openspine.platform.identifier.NhsNumber;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The NHS Number a PDF letter carries in its metadata, where a GP system's document import looks for it: the
 * document information dictionary (a custom entry such as {@code NHSNumber}, or "NHS Number: 943 476 5919" in
 * the Subject, Title or Keywords) and the XMP metadata stream (an element or attribute such as
 * {@code nhs:NHSNumber}, or the same labelled text in any value, e.g. a {@code dc:subject} keyword). A number
 * written in the pages themselves does not count: it cannot be found without reading the letter, which is
 * exactly the manual step this check exists to spare the practice.
 *
 * <p>An entry named for the NHS Number must hold a valid one; two different valid numbers make the letter
 * ambiguous. A bare ten-digit number in other text is not taken for one (one in eleven random ten-digit
 * numbers passes the check digit). Thread-safe.
 */
final class PdfMetadata {

    /** A number labelled as an NHS Number in free text: "NHS Number: 943 476 5919", "NHS No. 943-476-5919". */
    private static final Pattern LABELLED = Pattern.compile(
            "(?i)\\bNHS[\\s_-]*(?:number|no\\.?)\\s*[:=#-]?\\s*(\\d{3}[\\s-]?\\d{3}[\\s-]?\\d{4})(?!\\d)");
    /** A FHIR-style token, system|value, as some systems write identifiers. */
    private static final Pattern TOKEN = Pattern.compile(Pattern.quote(NhsNumber.SYSTEM) + "\\|(\\d{10})(?!\\d)");

    private PdfMetadata() {
    }

    /** @return the NHS Number the PDF's metadata carries, or why there is none to take */
    static Finding nhsNumber(byte[] pdf) {
        Candidates candidates = new Candidates();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            COSDictionary information = document.getDocumentInformation().getCOSObject();
            for (COSName key : information.keySet()) {
                COSBase value = information.getDictionaryObject(key);
                if (value instanceof COSString text) {
                    candidates.entry(key.getName(), text.getString(), "document information entry '" + key.getName() + "'");
                }
            }
            PDMetadata xmp = document.getDocumentCatalog().getMetadata();
            if (xmp != null) {
                try (InputStream stream = xmp.createInputStream()) {
                    xmp(stream.readAllBytes(), candidates);
                }
            }
        } catch (InvalidPasswordException e) {
            return new Finding.Unreadable("this PDF is password-protected, so its metadata cannot be read");
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Finding.Unreadable("this PDF cannot be read: " + (why.length() > 200 ? why.substring(0, 200) + "..." : why));
        }
        return candidates.finding();
    }

    private static void xmp(byte[] xml, Candidates candidates) {
        org.w3c.dom.Document document;
        try {
            document = parser().parse(new ByteArrayInputStream(xml));
        } catch (SAXException | IOException e) {
            return; // unreadable XMP carries nothing; the information dictionary may still carry the number
        }
        visit(document.getDocumentElement(), candidates);
    }

    private static void visit(Element element, Candidates candidates) {
        String name = localName(element);
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            candidates.entry(localName(attribute), attribute.getValue(), "XMP attribute '" + attribute.getName() + "'");
        }
        boolean leaf = true;
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element nested) {
                leaf = false;
                visit(nested, candidates);
            }
        }
        if (isNhsNumberName(name)) {
            // the value may sit in rdf:Alt/rdf:li below the named element: take all its text
            candidates.named(element.getTextContent(), "XMP element '" + element.getTagName() + "'");
        } else if (leaf) {
            candidates.text(element.getTextContent(), "XMP element '" + element.getTagName() + "'");
        }
    }

    private static String localName(Node node) {
        return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
    }

    /** Names such as NHSNumber, nhs_number, PatientNHSNumber, NHS-No. */
    static boolean isNhsNumberName(String name) {
        String normal = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return normal.contains("nhsnumber") || normal.endsWith("nhsno");
    }

    /** XMP is untrusted XML: no DTDs, so no external entities and no entity expansion. */
    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a standard feature", e);
        }
    }

    /** What the metadata says about the patient's NHS Number. */
    sealed interface Finding {

        /** Exactly one valid NHS Number. */
        record Found(NhsNumber number) implements Finding {
        }

        /** None at all. */
        record Absent() implements Finding {
        }

        /** An entry named for the NHS Number, or a labelled number, that is not a valid one; {@code where} names it. */
        record Invalid(String where) implements Finding {
            public Invalid {
                Objects.requireNonNull(where, "where");
            }
        }

        /** Two or more different valid NHS Numbers: which patient is it for? */
        record Conflicting(int count) implements Finding {
        }

        /** The PDF itself cannot be read; {@code problem} says why. */
        record Unreadable(String problem) implements Finding {
            public Unreadable {
                Objects.requireNonNull(problem, "problem");
            }
        }
    }

    /** The numbers found so far; the first invalid one decides. */
    private static final class Candidates {
        private final Set<String> valid = new LinkedHashSet<>();
        private String invalid;

        /** A named value (an information entry or an XMP attribute): its name, or its text, may carry one. */
        void entry(String name, String value, String where) {
            if (isNhsNumberName(name)) {
                named(value, where);
            } else {
                text(value, where);
            }
        }

        /** A value whose name says it is the NHS Number: all of it must be one. */
        void named(String value, String where) {
            String digits = value.replaceAll("[\\s-]", "");
            if (digits.isEmpty()) {
                return;
            }
            add(digits, where);
        }

        /** Free text: only numbers labelled as NHS Numbers count. */
        void text(String value, String where) {
            for (Pattern pattern : new Pattern[] {LABELLED, TOKEN}) {
                Matcher matcher = pattern.matcher(value);
                while (matcher.find()) {
                    add(matcher.group(1).replaceAll("[\\s-]", ""), where);
                }
            }
        }

        private void add(String digits, String where) {
            if (NhsNumber.isValid(digits)) {
                valid.add(digits);
            } else if (invalid == null) {
                invalid = where;
            }
        }

        Finding finding() {
            if (invalid != null) {
                return new Finding.Invalid(invalid);
            }
            if (valid.size() > 1) {
                return new Finding.Conflicting(valid.size());
            }
            return valid.isEmpty() ? new Finding.Absent() : new Finding.Found(new NhsNumber(valid.iterator().next()));
        }
    }
}
