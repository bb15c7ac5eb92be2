package org.openspine.platform.audit;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One resource an event touched.
 *
 * @param type a FHIR resource type, e.g. {@code Observation}
 * @param id   its logical id
 */
public record ResourceRef(String type, String id) {

    private static final Pattern TYPE = Pattern.compile("[A-Z][A-Za-z]{0,63}");
    static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    public ResourceRef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        if (!TYPE.matcher(type).matches() || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a FHIR resource reference: " + BoundedText.of(type + "/" + id, 140));
        }
    }

    /**
     * @param reference {@code Type/id}
     * @throws IllegalArgumentException when it is not one
     */
    public static ResourceRef parse(String reference) {
        int slash = reference.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a FHIR resource reference: " + BoundedText.of(reference, 140));
        }
        return new ResourceRef(reference.substring(0, slash), reference.substring(slash + 1));
    }

    /** @return {@code Type/id} */
    @Override
    public String toString() {
        return type + "/" + id;
    }
}
