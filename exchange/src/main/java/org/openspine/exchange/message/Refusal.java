package org.openspine.exchange.message;

import java.util.Objects;

/**
 * The exchange refused a request: nothing was stored or changed (the transaction rolls back). The
 * MESH adapter turns each {@link Reason} into MESH's error code and status; nothing below it chooses either.
 */
public final class Refusal extends RuntimeException {

    private final Reason reason;

    /** @param detail what was wrong, for the caller; never payload content */
    public Refusal(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** @return why */
    public Reason reason() {
        return reason;
    }

    /** Why a request was refused. */
    public enum Reason {
        /** The recipient mailbox does not exist or is not active. */
        UNKNOWN_RECIPIENT,
        /** The recipient takes named workflows only, and not this one. */
        WORKFLOW_NOT_RECEIVED,
        /** The local id was used before for a different message (recipient, workflow or chunk count differ). */
        LOCAL_ID_REUSED,
        /** No such message in this mailbox. */
        MESSAGE_NOT_FOUND,
        /** The message was acknowledged or has expired. */
        MESSAGE_GONE,
        /** A chunk number outside 1..n, or the first chunk sent again on its own. */
        CHUNK_OUT_OF_RANGE,
        /** A chunk larger than the largest allowed. */
        CHUNK_TOO_LARGE,
        /** A chunk is asked for or sent that the message does not have. */
        CHUNK_MISSING,
        /** A chunk encoded differently from the first (gzip or not). */
        ENCODING_CHANGED,
        /** A chunk sent for a message whose chunks have all arrived. */
        ALREADY_COMPLETE,
        /** The payload's checksum is not the one the sender stated. */
        CHECKSUM_MISMATCH,
        /** The payload is not what its workflow requires (message assurance). */
        NOT_ASSURED,
        /** A message with no payload. */
        EMPTY_PAYLOAD
    }
}
