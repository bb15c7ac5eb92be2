package org.openspine.fhir.search.index;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Optional;
import org.openspine.fhir.search.SearchParam;

/**
 * Token parameters (FHIR R4 search, "token"): a system and a code per value, plus the entries the
 * {@code :text} and {@code :of-type} modifiers search.
 *
 * <ul>
 * <li>Coding: (system, code); its display as {@code :text}.</li>
 * <li>CodeableConcept: each coding as above; its text as {@code :text}.</li>
 * <li>Identifier: (system, value); for each type coding an {@code :of-type} token (type system,
 *     {@code typeCode|value}); the type's text as {@code :text}.</li>
 * <li>ContactPoint: (ContactPoint.system, value), e.g. ({@code phone}, {@code 0113 496 0000}). The
 *     spec gives ContactPoint no token system, but HAPI FHIR uses its system, and doing so lets
 *     {@code telecom=email|a@b.nhs.uk} work while {@code telecom=a@b.nhs.uk} matches either way;
 *     only the rare {@code telecom=|value} ("no system") differs from the spec.</li>
 * <li>code, id, string, uri and its kin: (no system, value). boolean: (no system, true/false).</li>
 * </ul>
 */
final class TokenIndexer implements ValueIndexer {

    private static final String TEXT = "text";

    private final boolean withModifiers;

    /** An indexer of plain tokens and their {@code :text} and {@code :of-type} entries. */
    TokenIndexer() {
        this(true);
    }

    private TokenIndexer(boolean withModifiers) {
        this.withModifiers = withModifiers;
    }

    @Override
    public Optional<Conversion> conversion(String fhirType) {
        return Optional.ofNullable(switch (fhirType) {
            case "Coding" -> this::coding;
            case "CodeableConcept" -> this::concept;
            case "Identifier" -> this::identifier;
            case "ContactPoint" -> (param, value, out) -> token(param, JsonFields.text(value, "system"),
                    JsonFields.text(value, "value"), null, out);
            case "code", "id", "string", "markdown", "uri", "url", "canonical", "oid", "uuid" ->
                    (param, value, out) -> token(param, null, JsonFields.nonBlank(value), null, out);
            case "boolean" ->
                    (param, value, out) -> token(param, null, value.isBoolean() ? value.asText() : null, null, out);
            default -> null;
        });
    }

    @Override
    public ValueIndexer plain() {
        return new TokenIndexer(false);
    }

    private void coding(SearchParam param, JsonNode coding, Collection<IndexEntry> out) {
        token(param, JsonFields.text(coding, "system"), JsonFields.text(coding, "code"), null, out);
        if (withModifiers) {
            StringIndexer.text(param, coding.get("display"), TEXT, out);
        }
    }

    private void concept(SearchParam param, JsonNode concept, Collection<IndexEntry> out) {
        for (JsonNode coding : JsonFields.each(concept, "coding")) {
            coding(param, coding, out);
        }
        if (withModifiers) {
            StringIndexer.text(param, concept.get("text"), TEXT, out);
        }
    }

    private void identifier(SearchParam param, JsonNode identifier, Collection<IndexEntry> out) {
        String value = JsonFields.text(identifier, "value");
        token(param, JsonFields.text(identifier, "system"), value, null, out);
        if (!withModifiers) {
            return;
        }
        JsonNode type = identifier.path("type");
        if (value != null) {
            for (JsonNode coding : JsonFields.each(type, "coding")) {
                String code = JsonFields.text(coding, "code");
                if (code != null) {
                    out.add(new IndexEntry.Token(param, JsonFields.text(coding, "system"), code + "|" + value, "of-type"));
                }
            }
        }
        StringIndexer.text(param, type.get("text"), TEXT, out);
    }

    /** Adds a token unless the code is missing or blank (a system alone is not searchable). */
    static void token(SearchParam param, String system, String code, String modifier, Collection<IndexEntry> out) {
        if (code != null && !code.isBlank()) {
            out.add(new IndexEntry.Token(param, system, code, modifier));
        }
    }
}
