package org.openspine.exchange.filing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openspine.exchange.assurance.PayloadFormat;
import org.openspine.exchange.assurance.PdfMetadata;
import org.openspine.exchange.message.Payloads;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.model.MediaType;
import org.openspine.fhir.validation.WriteRules;
import org.openspine.platform.error.OpenSpineException;

/**
 * Reads a letter's payload: decompresses it (gzip-encoded in transit, or compressed by the sender;
 * {@link Payloads#decode}), tells a PDF ({@link PdfMetadata}, the reader message assurance uses) from FHIR content
 * ({@link FhirLetters}) from anything else by the content itself ({@link PayloadFormat}, as assurance judges it)
 * and the sender's content type, and says whose it is. Never reads the envelope's subject or local id: those are the
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
        byte[] content;
        switch (Payloads.decode(stored, claimed.gzipped(), claimed.compressed(), maxBytes)) {
            case Payloads.Payload.Content decoded -> content = decoded.bytes();
            case Payloads.Payload.TooLarge tooLarge -> {
                return new Letter.Unreadable(stored, orOctets(declared), "it is larger than " + tooLarge.limit()
                        + " bytes decompressed");
            }
            case Payloads.Payload.Unreadable unreadable -> {
                return new Letter.Unreadable(stored, orOctets(declared), unreadable.problem());
            }
        }
        PayloadFormat format = PayloadFormat.of(content);
        if (format == PayloadFormat.PDF) {
            return pdf(content);
        }
        boolean fhirLike = declared.isEmpty() || declared.contains("json") || declared.contains("xml");
        if ((format == PayloadFormat.FHIR_JSON || format == PayloadFormat.FHIR_XML) && fhirLike) {
            return fhir(content, format == PayloadFormat.FHIR_JSON ? MediaType.JSON : MediaType.XML, declared);
        }
        return new Letter.Unidentified(content, orOctets(declared), DocumentFacts.NONE, "a letter in "
                + (declared.isEmpty() ? "an unstated format" : declared)
                + " does not say whose it is in a way OpenSpine reads (a FHIR document, or a PDF with an NHS Number in its metadata)");
    }

    /** Whose a PDF is, by the reader message assurance checked it with at send. */
    private static Letter pdf(byte[] content) {
        PdfMetadata.Facts metadata = PdfMetadata.read(content);
        DocumentFacts facts = new DocumentFacts(metadata.created(), Optional.empty(), List.of(), metadata.title(),
                List.of(), Optional.empty(), Optional.empty(), Optional.empty());
        return switch (metadata.nhsNumber()) {
            case PdfMetadata.Finding.Found found -> new Letter.Identified(content, PDF, new LetterSubject(
                    Optional.of(found.number().value()), Optional.empty(), List.of(), Optional.empty(), Optional.empty(),
                    Optional.empty()), facts, List.of(), List.of());
            case PdfMetadata.Finding.Unreadable unreadable -> new Letter.Unreadable(content, PDF, unreadable.why());
            case PdfMetadata.Finding.Absent absent -> unidentified(content, facts, absent);
            case PdfMetadata.Finding.Invalid invalid -> unidentified(content, facts, invalid);
            case PdfMetadata.Finding.Conflicting conflicting -> unidentified(content, facts, conflicting);
        };
    }

    private static Letter unidentified(byte[] content, DocumentFacts facts, PdfMetadata.Finding finding) {
        return new Letter.Unidentified(content, PDF, facts, finding.problem().orElseThrow());
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
                json = JSON.readTree(codec.encodeStored(codec.parseStrict(PayloadFormat.withoutBom(content), format)));
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

    private static String orOctets(String declared) {
        return declared.isEmpty() ? OCTETS : declared;
    }

    private static String bounded(String text) {
        String value = String.valueOf(text);
        return value.length() <= MAX_REASON ? value : value.substring(0, MAX_REASON) + "...";
    }
}
