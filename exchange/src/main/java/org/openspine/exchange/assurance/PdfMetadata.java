package org.openspine.exchange.assurance;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
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
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.openspine.fhir.FhirServices;
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
 * numbers passes the check digit).
 *
 * <p>The one reader of PDF letters' metadata: message assurance checks a clinical document with it at send, and
 * auto-filing ({@code org.openspine.exchange.filing}) reads the same NHS Number, with the title and creation date,
 * when it files the letter, so a PDF that passed assurance is never one filing cannot identify. Thread-safe.
 */
public final class PdfMetadata {

    /** A number labelled as an NHS Number in free text: "NHS Number: 943 476 5919", "NHS No. 943-476-5919". */
    private static final Pattern LABELLED = Pattern.compile(
            "(?i)\\bNHS[\\s_-]*(?:number|no\\.?)\\s*[:=#-]?\\s*(\\d{3}[\\s-]?\\d{3}[\\s-]?\\d{4})(?!\\d)");
    /** A FHIR-style token, system|value, as some systems write identifiers. */
    private static final Pattern TOKEN = Pattern.compile(Pattern.quote(NhsNumber.SYSTEM) + "\\|(\\d{10})(?!\\d)");
    /** A PDF date (ISO 32000 7.9.4): D:YYYYMMDDHHmmSSOHH'mm', every part after the year optional. */
    private static final Pattern DATE = Pattern.compile(
            "(?:D:)?(\\d{4})(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(Z|[+-]\\d{2}'?\\d{2}'?)?.*", Pattern.DOTALL);
    /** The longest title taken; a longer one is cut. */
    private static final int MAX_TITLE = 200;

    private PdfMetadata() {
    }

    /** @return the NHS Number the PDF's metadata carries, or why there is none to take */
    static Finding nhsNumber(byte[] pdf) {
        return read(pdf).nhsNumber();
    }

    /**
     * Reads the PDF's metadata: loads the document (not its pages' content), so it costs a few milliseconds.
     *
     * @return its NHS Number, or why there is none to take, with its title and creation date when it has them
     *         (neither when it cannot be read)
     */
    public static Facts read(byte[] pdf) {
        Candidates candidates = new Candidates();
        Optional<String> title;
        Optional<Instant> created;
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDDocumentInformation info = document.getDocumentInformation();
            title = Optional.ofNullable(info.getTitle()).map(String::strip).filter(t -> !t.isEmpty())
                    .map(t -> t.length() > MAX_TITLE ? t.substring(0, MAX_TITLE) : t);
            created = date(info.getCOSObject().getString(COSName.CREATION_DATE));
            COSDictionary information = info.getCOSObject();
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
            return Facts.unreadable("this PDF is password-protected, so its metadata cannot be read");
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Facts.unreadable("this PDF cannot be read: " + (why.length() > 200 ? why.substring(0, 200) + "..." : why));
        }
        return new Facts(candidates.finding(), title, created);
    }

    /**
     * @param text a PDF date string, e.g. {@code D:20261119143000+01'00'}
     * @return the moment it names; a date without a zone is taken as UK time (PDF leaves it to the reader, and a UK
     *         letter means UK time); empty when it is absent or malformed
     */
    static Optional<Instant> date(String text) {
        Matcher date = text == null ? null : DATE.matcher(text.strip());
        if (date == null || !date.matches()) {
            return Optional.empty();
        }
        try {
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(date.group(1)), part(date.group(2), 1),
                    part(date.group(3), 1), part(date.group(4), 0), part(date.group(5), 0), part(date.group(6), 0));
            String zone = date.group(7);
            if (zone == null) {
                return Optional.of(local.atZone(FhirServices.SERVICE_ZONE).toInstant());
            }
            if (zone.equals("Z")) {
                return Optional.of(local.toInstant(ZoneOffset.UTC));
            }
            String digits = zone.replace("'", "");
            ZoneOffset offset = ZoneOffset.ofHoursMinutes(Integer.parseInt(digits.substring(0, 3)),
                    (digits.charAt(0) == '-' ? -1 : 1) * Integer.parseInt(digits.substring(3, 5)));
            return Optional.of(local.toInstant(offset));
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty(); // a malformed creation date is no date
        }
    }

    private static int part(String digits, int absent) {
        return digits == null ? absent : Integer.parseInt(digits);
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

    /**
     * What a PDF's metadata says.
     *
     * @param nhsNumber its patient's NHS Number, or why there is none to take
     * @param title     its {@code Title}, stripped, at most {@value #MAX_TITLE} characters
     * @param created   its {@code CreationDate}
     */
    public record Facts(Finding nhsNumber, Optional<String> title, Optional<Instant> created) {
        public Facts {
            Objects.requireNonNull(nhsNumber, "nhsNumber");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(created, "created");
        }

        static Facts unreadable(String problem) {
            return new Facts(new Finding.Unreadable(problem), Optional.empty(), Optional.empty());
        }
    }

    /** What the metadata says about the patient's NHS Number. */
    public sealed interface Finding {

        /**
         * @return why the PDF names no one patient by NHS Number, as a sentence about "this PDF" for a refusal or a
         *         workqueue item; empty when it does ({@link Found})
         */
        Optional<String> problem();

        /** Exactly one valid NHS Number. */
        record Found(NhsNumber number) implements Finding {
            public Found {
                Objects.requireNonNull(number, "number");
            }

            @Override
            public Optional<String> problem() {
                return Optional.empty();
            }
        }

        /** None at all. */
        record Absent() implements Finding {
            @Override
            public Optional<String> problem() {
                return Optional.of("this PDF's metadata carries no NHS Number (looked for in its document information "
                        + "entries and its XMP metadata)");
            }
        }

        /** An entry named for the NHS Number, or a labelled number, that is not a valid one; {@code where} names it. */
        record Invalid(String where) implements Finding {
            public Invalid {
                Objects.requireNonNull(where, "where");
            }

            @Override
            public Optional<String> problem() {
                return Optional.of("the NHS Number in this PDF's " + where
                        + " is not valid (ten digits with a Modulus 11 check digit)");
            }
        }

        /** Two or more different valid NHS Numbers: which patient is it for? */
        record Conflicting(int count) implements Finding {
            @Override
            public Optional<String> problem() {
                return Optional.of("this PDF's metadata carries " + count
                        + " different NHS Numbers, so it cannot be filed for one patient");
            }
        }

        /** The PDF itself cannot be read; {@code problem} says why. */
        record Unreadable(String why) implements Finding {
            public Unreadable {
                Objects.requireNonNull(why, "why");
            }

            @Override
            public Optional<String> problem() {
                return Optional.of(why);
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
