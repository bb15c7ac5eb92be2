package org.openspine.exchange.message;

/** A MESH message's type ({@code Mex-MessageType}). */
public enum MessageType {
    /** A message a mailbox sent. */
    DATA,
    /** A report about another message, e.g. a non-delivery report; {@code Mex-LinkedMsgID} names it. */
    REPORT
}
