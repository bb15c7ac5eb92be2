package org.openspine.exchange.assurance;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a payload is, judged by its bytes rather than by the {@code mex-Content-Type} the sender stated:
 * senders label letters loosely (a PDF as {@code application/octet-stream}, FHIR as {@code text/plain}),
 * and the checks must hold for what the recipient will actually open. Auto-filing tells letters apart by the same
 * judgement, so that what assurance took for a PDF or FHIR is read as one when it is filed.
 */
public enum PayloadFormat {
    PDF, FHIR_JSON, FHIR_XML, OTHER;

    /** How far into a file PDF readers look for the {@code %PDF-} header (Acrobat's tolerance). */
    private static final int PDF_HEADER_WINDOW = 1024;
    private static final byte[] PDF_HEADER = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** @return the payload's format */
    public static PayloadFormat of(byte[] payload) {
        if (indexOf(payload, PDF_HEADER, Math.min(payload.length, PDF_HEADER_WINDOW)) >= 0) {
            return PDF;
        }
        byte[] text = withoutBom(payload);
        for (byte b : text) {
            switch (b) {
                case ' ', '\t', '\r', '\n' -> {
                    continue;
                }
                case '{' -> {
                    return FHIR_JSON;
                }
                case '<' -> {
                    return FHIR_XML;
                }
                default -> {
                    return OTHER;
                }
            }
        }
        return OTHER;
    }

    /** @return the payload without a leading UTF-8 byte order mark, which the XML reader would take as content */
    public static byte[] withoutBom(byte[] payload) {
        return payload.length >= 3 && Arrays.equals(payload, 0, 3, UTF8_BOM, 0, 3)
                ? Arrays.copyOfRange(payload, 3, payload.length) : payload;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int within) {
        for (int i = 0; i + needle.length <= within; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
