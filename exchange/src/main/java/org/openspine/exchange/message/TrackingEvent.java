package org.openspine.exchange.message;

import java.util.Arrays;

/** A step in a message's tracking history. */
public enum TrackingEvent {
    /** The send request was accepted and its first chunk stored. */
    ACCEPTED("accepted"),
    /** The last chunk arrived: the message is in the recipient's inbox. */
    UPLOADED("uploaded"),
    /** The recipient downloaded it (first time). */
    DOWNLOADED("downloaded"),
    /** The recipient acknowledged it. */
    ACKNOWLEDGED("acknowledged"),
    /** It was not acknowledged in time. */
    EXPIRED("expired"),
    /** A non-delivery report about it went to the sender. */
    REPORTED("reported"),
    /** It was filed into the patient's record on arrival. */
    FILED("filed"),
    /** It could not be matched to a patient and waits in the practice's workqueue. */
    QUEUED("queued"),
    /** A person at the practice returned it from the workqueue as not the practice's: it was not filed. */
    RETURNED("returned");

    private final String code;

    TrackingEvent(String code) {
        this.code = code;
    }

    /** @return the code stored and shown */
    public String code() {
        return code;
    }

    static TrackingEvent of(String code) {
        return Arrays.stream(values()).filter(e -> e.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown tracking event '" + code + "'"));
    }
}
