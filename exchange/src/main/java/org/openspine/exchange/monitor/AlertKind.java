package org.openspine.exchange.monitor;

import java.util.Arrays;

/** What a delivery alert is about; the code is stored, sent to the webhook and is the FHIR Task's code. */
public enum AlertKind {
    /** Messages of a workflow have waited in a mailbox longer than the workflow's SLA. */
    SLA_BREACH("sla-breach", "Messages waiting longer than their workflow's SLA"),
    /** A mailbox with messages waiting has not collected for longer than allowed. */
    STOPPED_COLLECTING("stopped-collecting", "Mailbox has stopped collecting its messages");

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
