package org.openspine.exchange.filing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openspine.fhir.FhirServices;
import org.openspine.platform.identifier.NhsNumber;

/**
 * What a PDF letter's metadata say: the patient's NHS Number, the creation date and the title. The NHS Number is
 * read from the document information dictionary's {@code /NHSNumber} entry (a literal or hex string) or from
 * XMP metadata as an element or attribute named {@code NHSNumber} in any namespace; spaces are allowed, and only
 * a number passing the Modulus 11 check counts. Metadata inside compressed object streams is not read: such a
 * letter is unidentified and goes to the workqueue, never dropped. Pure and thread-safe.
 *
 * @param nhsNumber the NHS Number, when one is there and valid
 * @param created   {@code /CreationDate}, when present and well formed
 * @param title     {@code /Title}, when present as a literal string
 */
record PdfMetadata(Optional<String> nhsNumber, Optional<Instant> created, Optional<String> title) {

    private static final Pattern INFO_NHS_NUMBER = Pattern.compile("/NHSNumber\\s*(?:\\(([^)]{0,40})\\)|<([0-9A-Fa-f\\s]{0,80})>)");
    private static final Pattern XMP_NHS_NUMBER = Pattern.compile("NHSNumber(?:>|\\s*=\\s*[\"'])\\s*([0-9 ]{10,14})\\s*[<\"']");
    private static final Pattern CREATED = Pattern.compile(
            "/CreationDate\\s*\\(D:(\\d{4})(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(Z|[+-]\\d{2}'?\\d{2}'?)?");
    private static final Pattern TITLE = Pattern.compile("/Title\\s*\\(([^)\\\\]{1,200})\\)");
    private static final byte[] MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);

    /** @return whether {@code bytes} start as a PDF file does */
    static boolean isPdf(byte[] bytes) {
        if (bytes.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** @return the metadata of the PDF {@code bytes}; each part empty when it is not there */
    static PdfMetadata of(byte[] bytes) {
        // ISO-8859-1 maps every byte to one char, so offsets and binary streams survive the decoding
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        return new PdfMetadata(nhsNumber(text), created(text), title(text));
    }

    private static Optional<String> nhsNumber(String text) {
        Matcher info = INFO_NHS_NUMBER.matcher(text);
        while (info.find()) {
            String value = info.group(1) != null ? info.group(1) : hex(info.group(2));
            Optional<String> number = valid(value);
            if (number.isPresent()) {
                return number;
            }
        }
        Matcher xmp = XMP_NHS_NUMBER.matcher(text);
        while (xmp.find()) {
            Optional<String> number = valid(xmp.group(1));
            if (number.isPresent()) {
                return number;
            }
        }
        return Optional.empty();
    }

    private static Optional<Instant> created(String text) {
        Matcher date = CREATED.matcher(text);
        if (!date.find()) {
            return Optional.empty();
        }
        try {
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(date.group(1)), part(date.group(2), 1),
                    part(date.group(3), 1), part(date.group(4), 0), part(date.group(5), 0), part(date.group(6), 0));
            String zone = date.group(7);
            if (zone == null) {
                // PDF leaves a date without a zone to the reader; a UK letter means UK time
                return Optional.of(local.atZone(FhirServices.SERVICE_ZONE).toInstant());
            }
            if (zone.equals("Z")) {
                return Optional.of(local.toInstant(ZoneOffset.UTC));
            }
            String digits = zone.replace("'", "");
            ZoneOffset offset = ZoneOffset.ofHoursMinutes(Integer.parseInt(digits.substring(0, 3)),
                    (digits.charAt(0) == '-' ? -1 : 1) * Integer.parseInt(digits.substring(3, 5)));
            return Optional.of(local.toInstant(offset));
        } catch (java.time.DateTimeException | NumberFormatException e) {
            return Optional.empty(); // a malformed creation date is no date
        }
    }

    private static Optional<String> title(String text) {
        Matcher title = TITLE.matcher(text);
        return title.find() ? Optional.of(title.group(1).strip()).filter(t -> !t.isEmpty()) : Optional.empty();
    }

    private static int part(String digits, int absent) {
        return digits == null ? absent : Integer.parseInt(digits);
    }

    private static String hex(String digits) {
        String clean = digits.replaceAll("\\s", "");
        if (clean.length() % 2 == 1) {
            clean = clean + "0"; // PDF: an odd final digit is followed by an implied 0
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i + 1 < clean.length(); i += 2) {
            text.append((char) Integer.parseInt(clean.substring(i, i + 2), 16));
        }
        return text.toString();
    }

    private static Optional<String> valid(String value) {
        String digits = value.replace(" ", "").strip();
        return NhsNumber.isValid(digits) ? Optional.of(digits) : Optional.empty();
    }
}
