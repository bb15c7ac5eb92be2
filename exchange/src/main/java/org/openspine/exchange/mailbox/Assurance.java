package org.openspine.exchange.mailbox;

import java.util.Arrays;

/** What a workflow's messages must contain to be accepted at send (message assurance). */
public enum Assurance {
    /** Anything. */
    NONE("none"),
    /** A clinical letter: a FHIR document Bundle, or a PDF whose metadata carries an NHS Number. */
    CLINICAL_DOCUMENT("clinical-document"),
    /** A pathology report: a FHIR Bundle carrying a DiagnosticReport. */
    PATHOLOGY_REPORT("pathology-report");

    private final String code;

    Assurance(String code) {
        this.code = code;
    }

    /** @return the code stored and shown, e.g. {@code clinical-document} */
    public String code() {
        return code;
    }

    /** @throws IllegalArgumentException for an unknown code */
    public static Assurance of(String code) {
        return Arrays.stream(values()).filter(a -> a.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown assurance '" + code + "'"));
    }
}
