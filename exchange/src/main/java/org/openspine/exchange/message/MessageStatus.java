package org.openspine.exchange.message;

import java.util.Arrays;

/** Where a message is in its life. Only {@link #INBOX} messages can be downloaded and acknowledged. */
public enum MessageStatus {
    /** Sent in chunks, some still to come: not yet in the recipient's inbox. */
    UPLOADING("uploading"),
    /** Complete and waiting in the recipient's inbox. */
    INBOX("inbox"),
    /** The recipient acknowledged it: delivered. */
    ACKNOWLEDGED("acknowledged"),
    /** Not acknowledged in time; the sender got a non-delivery report. */
    EXPIRED("expired");

    private final String code;

    MessageStatus(String code) {
        this.code = code;
    }

    /** @return the code stored in the database */
    public String code() {
        return code;
    }

    static MessageStatus of(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown message status '" + code + "'"));
    }
}
