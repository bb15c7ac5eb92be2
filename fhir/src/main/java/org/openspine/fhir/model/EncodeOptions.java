package org.openspine.fhir.model;

import java.util.Objects;
import java.util.Set;

/**
 * How a resource is written back to the caller: format, pretty printing, and the subset asked for
 * with {@code _summary} or {@code _elements}.
 *
 * @param format   JSON or XML
 * @param pretty   indented output
 * @param summary  {@code true}, {@code text}, {@code data}, {@code false} or {@code count}
 * @param elements element names to keep (from {@code _elements}); empty keeps all
 */
public record EncodeOptions(MediaType format, boolean pretty, Summary summary, Set<String> elements) {

    /** Compact JSON of the whole resource: what is stored, and what is served by default. */
    public static final EncodeOptions STORED = new EncodeOptions(MediaType.JSON, false, Summary.FALSE, Set.of());

    public EncodeOptions {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(summary, "summary");
        elements = Set.copyOf(elements);
        if (format == MediaType.JSON_PATCH) {
            throw new IllegalArgumentException("resources are not encoded as JSON Patch");
        }
    }

    /** @return whether the stored compact JSON can be sent as it is, with no re-encoding */
    public boolean isStoredForm() {
        return format == MediaType.JSON && !pretty && summary == Summary.FALSE && elements.isEmpty();
    }

    /** The values of {@code _summary}. */
    public enum Summary {
        TRUE, TEXT, DATA, COUNT, FALSE
    }
}
