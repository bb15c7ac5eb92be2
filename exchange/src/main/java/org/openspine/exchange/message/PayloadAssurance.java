package org.openspine.exchange.message;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Message assurance: a check of a complete message's content against what its workflow requires, run in
 * the transaction that would put it in the inbox, so an invalid message is refused at send, never accepted
 * and then dropped.
 */
@FunctionalInterface
public interface PayloadAssurance {

    /** Accepts every message. */
    PayloadAssurance NONE = (connection, message) -> { };

    /**
     * @throws Refusal {@link Refusal.Reason#NOT_ASSURED} when the content is not what the workflow requires,
     *         saying what is wrong
     */
    void check(Connection connection, Message message) throws SQLException;
}
