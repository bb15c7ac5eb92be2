package org.openspine.exchange.filing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.model.MediaType;
import org.openspine.fhir.validation.WriteRules;
import org.openspine.platform.error.OpenSpineException;

/**
 * Reads a letter's payload: decompresses it (gzip-encoded in transit, or compressed by the sender), tells a PDF
 * ({@link PdfMetadata}) from FHIR content ({@link FhirLetters}) from anything else by the content itself and the
 * sender's content type, and says whose it is. Never reads the envelope's subject or local id: those are the
 * sender's free text, not patient data. Pure (no database) and thread-safe.
 */
final class LetterReader {

    private static final int MAX_REASON = 500;
    /** As strict as the FHIR API's reading of JSON: no duplicate keys or trailing content, decimals exact. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final String PDF = "application/pdf";
    private static final String OCTETS = "application/octet-stream";

    private final FhirCodec codec;
    private final FhirLetters fhir;
    private final long maxBytes;

    /** @param maxBytes the largest letter once decompressed; a larger one is unreadable */
    LetterReader(FhirCodec codec, long maxBytes) {
        this.codec = codec;
        this.fhir = new FhirLetters(codec, new WriteRules(codec.context()));
        this.maxBytes = maxBytes;
    }

    /** @param stored the payload as stored: all chunks, in order */
    Letter read(ClaimedLetter claimed, byte[] stored) {
        String declared = claimed.contentType().map(t -> t.split(";", 2)[0].strip().toLowerCase(Locale.ROOT))
                .filter(t -> !t.isEmpty()).orElse("");
        byte[] content = stored;
        if (claimed.gzipped() || claimed.compressed() && isGzip(stored)) {
            if (!isGzip(stored)) {
                return new Letter.Unreadable(stored, orOctets(declared), "it was sent gzip-encoded but is not gzip");
            }
            try {
                content = gunzip(stored);
            } catch (IOException e) {
                return new Letter.Unreadable(stored, orOctets(declared), "it cannot be decompressed: "
                        + bounded(e.getMessage()));
            }
            if (content.length > maxBytes) {
                return new Letter.Unreadable(stored, orOctets(declared), "it is larger than " + maxBytes
                        + " bytes decompressed");
            }
        }
        if (PdfMetadata.isPdf(content)) {
            return pdf(content);
        }
        int first = firstSignificant(content);
        boolean fhirLike = declared.isEmpty() || declared.contains("json") || declared.contains("xml");
        if ((first == '{' || first == '<') && fhirLike) {
            return fhir(content, first == '{' ? MediaType.JSON : MediaType.XML, declared);
        }
        return new Letter.Unidentified(content, orOctets(declared), DocumentFacts.NONE, "a letter in "
                + (declared.isEmpty() ? "an unstated format" : declared)
                + " does not say whose it is in a way OpenSpine reads (a FHIR document, or a PDF with an NHS Number in its metadata)");
    }

    private static Letter pdf(byte[] content) {
        PdfMetadata metadata = PdfMetadata.of(content);
        DocumentFacts facts = new DocumentFacts(metadata.created(), Optional.empty(), List.of(), metadata.title(),
                List.of(), Optional.empty(), Optional.empty(), Optional.empty());
        if (metadata.nhsNumber().isEmpty()) {
            return new Letter.Unidentified(content, PDF, facts, "a PDF whose metadata carry no valid NHS Number");
        }
        LetterSubject subject = new LetterSubject(metadata.nhsNumber(), Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty());
        return new Letter.Identified(content, PDF, subject, facts, List.of(), List.of());
    }

    private Letter fhir(byte[] content, MediaType format, String declared) {
        String contentType = declared.startsWith("application/fhir+") ? declared : format.mime();
        JsonNode json;
        if (format == MediaType.JSON) {
            try {
                json = JSON.readTree(content);
            } catch (IOException e) {
                return new Letter.Unreadable(content, contentType, "it is not valid FHIR: the JSON is malformed ("
                        + bounded(e.getMessage()) + ")");
            }
        } else {
            // XML letters are rare: parsed whole and read as the JSON they would be
            try {
                json = JSON.readTree(codec.encodeStored(codec.parseStrict(content, format)));
            } catch (OpenSpineException.Invalid e) {
                return new Letter.Unreadable(content, contentType, "it is not valid FHIR: " + bounded(e.getMessage()));
            } catch (IOException e) {
                throw new UncheckedIOException("a parsed letter could not be read back as JSON", e);
            }
        }
        if (json == null || !json.isObject()) {
            return new Letter.Unreadable(content, contentType, "it is not valid FHIR: not a JSON object");
        }
        return fhir.read(content, contentType, json);
    }

    private byte[] gunzip(byte[] stored) throws IOException {
        // concatenated members (one a chunk) are read as one stream; reading one byte past the limit detects a bomb
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
            return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        }
    }

    private static boolean isGzip(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    /** @return the first byte after a UTF-8 byte order mark and white space, or -1 */
    private static int firstSignificant(byte[] bytes) {
        int i = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF
                ? 3 : 0;
        while (i < bytes.length && Character.isWhitespace(bytes[i])) {
            i++;
        }
        return i < bytes.length ? bytes[i] : -1;
    }

    private static String orOctets(String declared) {
        return declared.isEmpty() ? OCTETS : declared;
    }

    private static String bounded(String text) {
        String value = String.valueOf(text);
        return value.length() <= MAX_REASON ? value : value.substring(0, MAX_REASON) + "...";
    }
}
