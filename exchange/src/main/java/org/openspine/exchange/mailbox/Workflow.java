package org.openspine.exchange.mailbox;

import java.time.Duration;
import java.util.Objects;

/**
 * What OpenSpine knows of a MESH workflow (the {@code mex-WorkflowID} of a message): how long its
 * messages may wait unacknowledged before the delivery monitor alerts, what they must contain, and
 * whether they are clinical documents to be filed into the patient's record on arrival at a practice.
 * A workflow nobody defined travels with {@link #undefined}'s defaults.
 *
 * @param id          the workflow id, e.g. {@code TOC_FHIR_IP_DISCH}
 * @param description what it carries
 * @param sla         the longest a message may wait for its recipient before it is overdue
 * @param assurance   what its messages must contain
 * @param clinical    whether messages to a GP practice are filed into the patient's record
 */
public record Workflow(String id, String description, Duration sla, Assurance assurance, boolean clinical) {

    /** How long a message of an undefined workflow may wait: a working day. */
    public static final Duration DEFAULT_SLA = Duration.ofHours(24);

    public Workflow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(assurance, "assurance");
        if (sla.isNegative() || sla.isZero()) {
            throw new IllegalArgumentException("a workflow's SLA must be positive, was " + sla);
        }
    }

    /** @return the treatment of a workflow id nobody defined: no assurance, not filed, a day's SLA */
    public static Workflow undefined(String id) {
        return new Workflow(id, "undefined workflow", DEFAULT_SLA, Assurance.NONE, false);
    }
}
