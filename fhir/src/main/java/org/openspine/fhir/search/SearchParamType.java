package org.openspine.fhir.search;

import java.util.Locale;

/** The FHIR search parameter types (R4 {@code SearchParameter.type}). */
public enum SearchParamType {
    NUMBER, DATE, STRING, TOKEN, REFERENCE, COMPOSITE, QUANTITY, URI, SPECIAL;

    /** @return the type for its FHIR code, e.g. {@code token} */
    public static SearchParamType of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    /** @return the FHIR code, e.g. {@code token} */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
