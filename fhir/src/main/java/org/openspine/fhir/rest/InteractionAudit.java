package org.openspine.fhir.rest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import org.openspine.platform.audit.AuditServices;
import org.openspine.platform.http.AuditedRequest;

/**
 * How {@link FhirRoutes} puts each FHIR interaction on the audit trail. OpenSpine has one implementation,
 * {@link #of}; the interface is the seam the benchmark uses to measure what auditing costs.
 */
public interface InteractionAudit {

    /** @return the audit of every interaction on {@code audit}'s trail (see {@link TrailInteractionAudit}) */
    static InteractionAudit of(AuditServices audit, Clock clock) {
        return new TrailInteractionAudit(audit.trail(), audit.groupCommit(), clock);
    }

    /** Records a successful write in its transaction, which must then commit or roll back. */
    void written(Connection connection, AuditedRequest http, FhirRequest request) throws SQLException;

    /**
     * Records a successful read durably.
     *
     * @throws org.openspine.platform.error.OpenSpineException.Unavailable when it could not be; the read
     *         must not be answered
     */
    void read(AuditedRequest http, FhirRequest request);

    /** Records a request that failed with {@code failure}; a failure to record it is logged, the failure stands. */
    void failed(AuditedRequest http, FhirRequest request, RuntimeException failure);
}
