package org.openspine.platform.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.openspine.platform.security.Access;
import org.openspine.platform.security.Caller;

/**
 * One thing to put on the audit trail: an access to patient data or a security event. Immutable and
 * checked on construction; free text is cleaned and bounded ({@link BoundedText}), so whatever a
 * request carried, the row stores and reads back exactly, and its MAC verifies.
 *
 * <p>Build one with {@link #of(Access, AuditSubtype)} (an authenticated request) or
 * {@link #unauthenticated(AuditSubtype)} (a request with no valid token), then write it with
 * {@link AuditTrail#append} inside a write's transaction, or with {@link GroupCommitAudit#record} for a
 * read or any other event outside a transaction.
 *
 * @param recorded           when, to the microsecond (PostgreSQL's precision)
 * @param subtype            what happened; its {@link AuditSubtype#kind() kind} is the event kind
 * @param action             create, read, update, delete or execute
 * @param outcome            success, or how badly it failed (a refused request is a minor failure)
 * @param outcomeDescription why it failed, in general terms (no patient data, no tokens)
 * @param agent              who acted
 * @param patients           ids of the Patients involved, in order, without repeats; may be empty; at most
 *                           {@value #MAX_PATIENTS}, all of them (a patient's access log must be complete)
 * @param resources          the first {@value #MAX_RESOURCES} resources touched
 * @param resourceCount      how many resources were touched in all ({@code >= resources.size()})
 * @param purpose            why; every access to patient data has one, security events may not
 * @param request            the HTTP request, when there was one
 * @param sourceAddress      the client's network address
 * @param requestId          the request or correlation id, to find the request in logs
 */
public record AuditRecord(Instant recorded, AuditSubtype subtype, AuditAction action, AuditOutcome outcome,
        Optional<String> outcomeDescription, AuditAgent agent, List<String> patients, List<ResourceRef> resources,
        int resourceCount, Optional<PurposeOfUse> purpose, Optional<RequestLine> request,
        Optional<String> sourceAddress, Optional<String> requestId) {

    /** Most patients one record names. */
    public static final int MAX_PATIENTS = 10_000;
    /** Most resources one record lists (the count goes on). */
    public static final int MAX_RESOURCES = 100;
    static final int MAX_DESCRIPTION = 500;
    static final int MAX_ADDRESS = 100;
    static final int MAX_REQUEST_ID = 200;

    /**
     * @throws IllegalArgumentException when the parts do not fit together: a break-glass event without a
     *         break-glass purpose, patient data reached by nobody known or for no purpose, a bad patient id
     */
    public AuditRecord {
        recorded = Objects.requireNonNull(recorded, "recorded").truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(subtype, "subtype");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        outcomeDescription = outcomeDescription.map(d -> BoundedText.of(d, MAX_DESCRIPTION));
        Objects.requireNonNull(agent, "agent");
        patients = distinctPatients(patients);
        resourceCount = Math.max(resourceCount, resources.size());
        resources = List.copyOf(resources.size() > MAX_RESOURCES ? resources.subList(0, MAX_RESOURCES) : resources);
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(request, "request");
        sourceAddress = sourceAddress.map(a -> BoundedText.of(a, MAX_ADDRESS));
        requestId = requestId.map(r -> BoundedText.of(r, MAX_REQUEST_ID));
        if (subtype == AuditSubtype.BREAK_GLASS && !(purpose.orElse(null) instanceof PurposeOfUse.BreakGlass)) {
            throw new IllegalArgumentException("a break-glass audit record needs the break-glass reason as its purpose");
        }
        boolean patientData = subtype.kind() == EventKind.PATIENT_RECORD;
        if ((patientData || subtype == AuditSubtype.BREAK_GLASS) && agent instanceof AuditAgent.Unauthenticated) {
            throw new IllegalArgumentException("only an authenticated caller reaches patient data or breaks the glass; "
                    + "audit " + subtype.code() + " needs one");
        }
        if (patientData && purpose.isEmpty()) {
            throw new IllegalArgumentException("an access to patient data needs a purpose of use");
        }
    }

    /** @return whether this is access to patient data or a security event */
    public EventKind kind() {
        return subtype.kind();
    }

    /**
     * Starts the record of something an authenticated caller did. The agent is the caller; the purpose
     * is break-glass when the access states a reason, otherwise (for patient data) treatment, or the
     * patient's own request for a citizen.
     */
    public static Builder of(Access access, AuditSubtype subtype) {
        Optional<PurposeOfUse> purpose = access.breakGlassReason().<PurposeOfUse>map(PurposeOfUse.BreakGlass::new)
                .or(() -> subtype.kind() != EventKind.PATIENT_RECORD ? Optional.empty()
                        : Optional.of(access.caller() instanceof Caller.Citizen
                                ? new PurposeOfUse.PatientRequest() : new PurposeOfUse.Treatment()));
        return new Builder(AuditAgent.of(access.caller()), subtype, purpose);
    }

    /** Starts the record of a security event of a request nobody could be established for (a bad token). */
    public static Builder unauthenticated(AuditSubtype subtype) {
        return new Builder(new AuditAgent.Unauthenticated(), subtype, Optional.empty());
    }

    private static List<String> distinctPatients(List<String> patients) {
        Set<String> distinct = new LinkedHashSet<>(patients);
        if (distinct.size() > MAX_PATIENTS) {
            throw new IllegalArgumentException("an audit record names at most " + MAX_PATIENTS + " patients, was "
                    + distinct.size());
        }
        for (String id : distinct) {
            if (!ResourceRef.ID.matcher(Objects.requireNonNull(id, "patient id")).matches()) {
                throw new IllegalArgumentException("not a Patient id: " + BoundedText.of(id, 80));
            }
        }
        return List.copyOf(distinct);
    }

    /**
     * Collects the parts of one record; {@link #build(Clock)} stamps the time. Not thread-safe: one
     * request's code builds one record. Success is assumed until {@link #outcome} says otherwise.
     */
    public static final class Builder {
        private final AuditAgent agent;
        private final AuditSubtype subtype;
        private Optional<PurposeOfUse> purpose;
        private AuditAction action;
        private AuditOutcome outcome = AuditOutcome.SUCCESS;
        private Optional<String> outcomeDescription = Optional.empty();
        private final List<String> patients = new ArrayList<>();
        private final List<ResourceRef> resources = new ArrayList<>();
        private int resourceCount;
        private Optional<RequestLine> request = Optional.empty();
        private Optional<String> sourceAddress = Optional.empty();
        private Optional<String> requestId = Optional.empty();

        private Builder(AuditAgent agent, AuditSubtype subtype, Optional<PurposeOfUse> purpose) {
            this.agent = agent;
            this.subtype = Objects.requireNonNull(subtype, "subtype");
            this.purpose = purpose;
            this.action = subtype.usualAction();
        }

        /** Overrides the subtype's usual action (an operation that only reads is {@code R}). */
        public Builder action(AuditAction action) {
            this.action = Objects.requireNonNull(action, "action");
            return this;
        }

        /** @param description why it failed, in general terms; no patient data, no tokens */
        public Builder outcome(AuditOutcome outcome, String description) {
            this.outcome = Objects.requireNonNull(outcome, "outcome");
            this.outcomeDescription = Optional.of(description);
            return this;
        }

        /** Sets the outcome without a description. */
        public Builder outcome(AuditOutcome outcome) {
            this.outcome = Objects.requireNonNull(outcome, "outcome");
            return this;
        }

        /** Adds one Patient (by id); repeats are kept once. */
        public Builder patient(String patientId) {
            patients.add(patientId);
            return this;
        }

        /** Adds Patients (by id); repeats are kept once. */
        public Builder patients(Collection<String> patientIds) {
            patients.addAll(patientIds);
            return this;
        }

        /** Adds a resource touched; past {@value AuditRecord#MAX_RESOURCES} only the count grows. */
        public Builder resource(ResourceRef resource) {
            Objects.requireNonNull(resource, "resource");
            resourceCount++;
            if (resources.size() < MAX_RESOURCES) {
                resources.add(resource);
            }
            return this;
        }

        /** Adds a resource touched, by type and id. */
        public Builder resource(String type, String id) {
            return resource(new ResourceRef(type, id));
        }

        /** Raises the count of resources touched to {@code total} when more were touched than were added. */
        public Builder resourceCount(int total) {
            resourceCount = Math.max(resourceCount, total);
            return this;
        }

        /** Adds resources touched, in order. */
        public Builder resources(Collection<ResourceRef> touched) {
            touched.forEach(this::resource);
            return this;
        }

        /** Replaces the purpose taken from the access. */
        public Builder purpose(PurposeOfUse purpose) {
            this.purpose = Optional.of(purpose);
            return this;
        }

        /** Sets the HTTP request: method, and path with query as received (see {@link RequestLine}). */
        public Builder request(String method, String target) {
            this.request = Optional.of(new RequestLine(method, target));
            return this;
        }

        /** @param address the client's network address (the socket's, or the trusted proxy's forwarded one) */
        public Builder sourceAddress(String address) {
            this.sourceAddress = Optional.of(address);
            return this;
        }

        /** Sets the request or correlation id, by which the request is found in logs. */
        public Builder requestId(String requestId) {
            this.requestId = Optional.of(requestId);
            return this;
        }

        /**
         * @return the record, recorded at {@code clock}'s now
         * @throws IllegalArgumentException when the parts do not fit together (see {@link AuditRecord})
         */
        public AuditRecord build(Clock clock) {
            return new AuditRecord(clock.instant(), subtype, action, outcome, outcomeDescription, agent,
                    patients, resources, resourceCount, purpose, request, sourceAddress, requestId);
        }
    }
}
