package org.openspine.exchange.filing;

import java.util.Arrays;

/** Why a letter waits in a practice's workqueue instead of being filed. */
public enum QueueReason {
    /** No record matches the patient the letter names. */
    UNMATCHED("unmatched"),
    /** Several records match and nothing tells them apart. */
    AMBIGUOUS("ambiguous"),
    /** The letter's patient was found, but is not registered at the practice it was sent to. */
    NOT_REGISTERED("not-registered"),
    /** The letter can be read but does not say whose it is. */
    UNIDENTIFIED("unidentified"),
    /** The letter's content is broken (not valid FHIR, not valid gzip, entries the record cannot store). */
    UNREADABLE("unreadable");

    private final String code;

    QueueReason(String code) {
        this.code = code;
    }

    /** @return the code stored and shown, e.g. {@code not-registered} */
    public String code() {
        return code;
    }

    /** @throws IllegalArgumentException for an unknown code */
    public static QueueReason of(String code) {
        return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown workqueue reason '" + code + "'"));
    }
}
