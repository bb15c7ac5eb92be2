package org.openspine.exchange.message;

/**
 * Told that a message has entered its recipient's inbox, once the transaction that put it there has committed: so
 * that work acting on arrivals (auto-filing) starts at once rather than at its next scheduled run. A hint, never
 * the only way the work happens: a node may stop between the commit and the call, so what the listener starts must
 * also run on a schedule. The exchange owns this port so that the MESH API knows nothing of who listens.
 */
@FunctionalInterface
public interface ArrivalListener {

    /** Tells nobody. */
    ArrivalListener NONE = messageId -> { };

    /**
     * Called on the request's thread after the commit; must return at once, never block and never throw (the sender
     * is answered after it returns, and its message is stored whatever the listener does).
     *
     * @param messageId the message now in its recipient's inbox
     */
    void arrived(String messageId);
}
