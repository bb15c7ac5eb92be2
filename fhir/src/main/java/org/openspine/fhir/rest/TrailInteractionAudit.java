package org.openspine.fhir.rest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.openspine.fhir.access.RecordGuard;
import org.openspine.platform.audit.AuditAction;
import org.openspine.platform.audit.AuditOutcome;
import org.openspine.platform.audit.AuditRecord;
import org.openspine.platform.audit.AuditSubtype;
import org.openspine.platform.audit.AuditTrail;
import org.openspine.platform.audit.GroupCommitAudit;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.http.AuditedRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts every FHIR interaction on the audit trail, with the patients and resources it touched (as its
 * {@link RecordGuard} noted them):
 * <ul>
 *   <li>a write in its own transaction, just before it commits, so there is no write without its record;</li>
 *   <li>a read through group commit once it has been answered in memory and before the answer is sent, so
 *       a read whose record cannot be committed is refused (503), never served unaudited;</li>
 *   <li>a request that failed as a minor failure (4xx) or serious one (5xx) through group commit; a
 *       refusal (403) is the HTTP server's {@code access-denied} security event instead.</li>
 * </ul>
 * A request that broke the glass adds a {@link AuditSubtype#BREAK_GLASS} security event with the same
 * patients, which raises the privacy officer's alert in the same transaction. Thread-safe.
 */
final class TrailInteractionAudit implements InteractionAudit {

    private static final Logger LOG = LoggerFactory.getLogger(TrailInteractionAudit.class);

    private final AuditTrail trail;
    private final GroupCommitAudit groupCommit;
    private final Clock clock;

    TrailInteractionAudit(AuditTrail trail, GroupCommitAudit groupCommit, Clock clock) {
        this.trail = trail;
        this.groupCommit = groupCommit;
        this.clock = clock;
    }

    @Override
    public void written(Connection connection, AuditedRequest http, FhirRequest request) throws SQLException {
        for (AuditRecord record : records(http, request)) {
            trail.append(connection, record);
        }
    }

    @Override
    public void read(AuditedRequest http, FhirRequest request) {
        for (AuditRecord record : records(http, request)) {
            groupCommit.record(record);
        }
    }

    @Override
    public void failed(AuditedRequest http, FhirRequest request, RuntimeException failure) {
        if (failure instanceof OpenSpineException.Forbidden || failure instanceof OpenSpineException.Unauthenticated) {
            return; // a security event, recorded by the HTTP server
        }
        boolean serious = !(failure instanceof OpenSpineException) || failure instanceof OpenSpineException.Unavailable;
        try {
            groupCommit.record(describe(http, request, subtype(request)).outcome(
                    serious ? AuditOutcome.SERIOUS_FAILURE : AuditOutcome.MINOR_FAILURE,
                    serious ? "the server could not complete the request" : failure.getMessage()).build(clock));
        } catch (RuntimeException e) {
            LOG.error("could not record a failed request on the audit trail ({} {})", http.method(), http.target(), e);
        }
    }

    private List<AuditRecord> records(AuditedRequest http, FhirRequest request) {
        AuditRecord interaction = describe(http, request, subtype(request)).build(clock);
        if (!request.guard().brokeGlass()) {
            return List.of(interaction);
        }
        return List.of(interaction, describe(http, request, AuditSubtype.BREAK_GLASS).build(clock));
    }

    private static AuditRecord.Builder describe(AuditedRequest http, FhirRequest request, AuditSubtype subtype) {
        RecordGuard guard = request.guard();
        AuditRecord.Builder record = http.record(guard.access(), subtype).patients(guard.patients())
                .resources(guard.resources()).resourceCount(guard.resourceCount());
        if (request.segments().contains("$validate")) {
            record.action(AuditAction.R); // validating reads at most; it never changes the record
        }
        return record;
    }

    /** @return the FHIR interaction {@code request} is, by method and path shape (as {@link FhirApi} routes it) */
    static AuditSubtype subtype(FhirRequest request) {
        List<String> segments = request.segments();
        String method = request.method();
        String last = segments.isEmpty() ? "" : segments.get(segments.size() - 1);
        if (last.startsWith("$")) {
            return AuditSubtype.OPERATION;
        }
        if (segments.size() >= 3 && segments.get(2).equals("_history")) {
            return segments.size() == 4 ? AuditSubtype.VREAD : AuditSubtype.HISTORY;
        }
        if (last.equals("_history")) {
            return AuditSubtype.HISTORY;
        }
        if (last.equals("_search")) {
            return AuditSubtype.SEARCH;
        }
        return switch (method) {
            case "GET", "HEAD" -> segments.size() == 2 ? AuditSubtype.READ : AuditSubtype.SEARCH;
            case "POST" -> segments.isEmpty() ? AuditSubtype.TRANSACTION : AuditSubtype.CREATE;
            case "PUT" -> AuditSubtype.UPDATE;
            case "PATCH" -> AuditSubtype.PATCH;
            case "DELETE" -> AuditSubtype.DELETE;
            default -> AuditSubtype.OPERATION;
        };
    }
}
