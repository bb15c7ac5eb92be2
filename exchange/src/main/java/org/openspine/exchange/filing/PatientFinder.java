package org.openspine.exchange.filing;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Finds the record a letter is about from its demographics: the port through which auto-filing reaches the
 * patient matcher, which lives in the identity module (a sibling the exchange may not depend on). The server
 * wires the implementation. Filing asks only when the NHS Number alone did not settle it: the letter has none,
 * no record carries it, or the record's birth date differs from the letter's.
 */
@FunctionalInterface
public interface PatientFinder {

    /** Finds nobody: every letter without a known NHS Number goes to the practice's workqueue. */
    PatientFinder NONE = (connection, subject) -> new PatientMatch.NotFound(java.util.List.of());

    /**
     * Runs in the filing transaction, reading only; must be thread-safe.
     *
     * @return the one surviving (not superseded) record the subject describes, or why there is none
     */
    PatientMatch find(Connection connection, LetterSubject subject) throws SQLException;
}
