package org.openspine.platform.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which audit events to list, newest first: all criteria must hold. Start from {@link #all()} and narrow
 * with the {@code with...} methods; each returns a new query.
 *
 * @param patients  events involving any of these Patients (ids), any patient when empty — "who looked at my
 *                  record" (a citizen's own and those they are a proxy for)
 * @param agentId   events by this agent (staff user id, citizen subject or client id) — "what did they do"
 * @param from      recorded at or after ({@code date=ge})
 * @param to        recorded at or before ({@code date=le})
 * @param subtype   of this subtype
 * @param outcome   with this outcome
 * @param count     page size, 1..{@value #MAX_COUNT}
 * @param after     the {@link AuditPage#next} cursor of the page before
 */
public record AuditQuery(Set<String> patients, Optional<String> agentId, Optional<Instant> from,
        Optional<Instant> to, Optional<AuditSubtype> subtype, Optional<AuditOutcome> outcome, int count,
        Optional<String> after) {

    /** Page size when none is asked for. */
    public static final int DEFAULT_COUNT = 50;
    /** Largest page size. */
    public static final int MAX_COUNT = 1000;

    /**
     * @throws IllegalArgumentException for a count out of range
     */
    public AuditQuery {
        patients = Set.copyOf(patients);
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subtype, "subtype");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(after, "after");
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("audit page size must be 1.." + MAX_COUNT + ", was " + count);
        }
    }

    /** @return every event, {@value #DEFAULT_COUNT} a page */
    public static AuditQuery all() {
        return new AuditQuery(Set.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), DEFAULT_COUNT, Optional.empty());
    }

    /** @return this query narrowed to events involving Patient {@code id} */
    public AuditQuery withPatient(String id) {
        return withPatients(Set.of(id));
    }

    /** @return this query narrowed to events involving any of the Patients {@code ids} (none: no event) */
    public AuditQuery withPatients(Set<String> ids) {
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("narrowing to no patient at all would match nothing; ask for none");
        }
        return new AuditQuery(ids, agentId, from, to, subtype, outcome, count, after);
    }

    /** @return this query narrowed to events by agent {@code id} */
    public AuditQuery withAgent(String id) {
        return new AuditQuery(patients, Optional.of(id), from, to, subtype, outcome, count, after);
    }

    /** @return this query narrowed to events recorded at or after {@code at} */
    public AuditQuery withFrom(Instant at) {
        return new AuditQuery(patients, agentId, Optional.of(at), to, subtype, outcome, count, after);
    }

    /** @return this query narrowed to events recorded at or before {@code at} */
    public AuditQuery withTo(Instant at) {
        return new AuditQuery(patients, agentId, from, Optional.of(at), subtype, outcome, count, after);
    }

    /** @return this query narrowed to events of one subtype */
    public AuditQuery withSubtype(AuditSubtype value) {
        return new AuditQuery(patients, agentId, from, to, Optional.of(value), outcome, count, after);
    }

    /** @return this query narrowed to events with one outcome */
    public AuditQuery withOutcome(AuditOutcome value) {
        return new AuditQuery(patients, agentId, from, to, subtype, Optional.of(value), count, after);
    }

    /**
     * @return this query with pages of {@code value} events
     * @throws IllegalArgumentException when it is not 1..{@value #MAX_COUNT}
     */
    public AuditQuery withCount(int value) {
        return new AuditQuery(patients, agentId, from, to, subtype, outcome, value, after);
    }

    /** @return this query's next page: the events after the page whose {@link AuditPage#next} is {@code cursor} */
    public AuditQuery withAfter(String cursor) {
        return new AuditQuery(patients, agentId, from, to, subtype, outcome, count, Optional.of(cursor));
    }
}
