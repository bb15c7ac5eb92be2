package org.openspine.exchange.monitor;

import java.util.Arrays;

/** What a delivery alert is about; the code is stored, sent to the webhook and is the FHIR Task's code. */
public enum AlertKind {
    /** Messages of a workflow have waited in a mailbox longer than the workflow's SLA. */
    SLA_BREACH("sla-breach", "Messages waiting longer than their workflow's SLA"),
    /** A mailbox with messages waiting has not collected for longer than allowed. */
    STOPPED_COLLECTING("stopped-collecting", "Mailbox has stopped collecting its messages"),
    /**
     * Letters auto-filing acknowledged for a practice and queued for a person have waited in its workqueue longer
     * than allowed: no longer in an inbox, so the other kinds cannot see them.
     */
    WORKQUEUE_OVERDUE("workqueue-overdue", "Letters waiting in a practice's workqueue longer than allowed");

    private final String code;
    private final String display;

    AlertKind(String code, String display) {
        this.code = code;
        this.display = display;
    }

    /** @return the code, e.g. {@code sla-breach} */
    public String code() {
        return code;
    }

    /** @return the code's meaning in words */
    public String display() {
        return display;
    }

    static AlertKind of(String code) {
        return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown alert kind '" + code + "'"));
    }
}
