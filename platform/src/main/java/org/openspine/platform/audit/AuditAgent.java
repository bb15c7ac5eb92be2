package org.openspine.platform.audit;

import java.util.Objects;
import org.openspine.platform.security.Caller;

/**
 * Who acted, as the audit trail keeps it: a snapshot of the {@link Caller} at the time (a later change
 * of name or role does not rewrite history), or nobody known when a request failed authentication.
 * Names and ids are bounded to {@value #MAX_TEXT} characters.
 */
public sealed interface AuditAgent
        permits AuditAgent.Staff, AuditAgent.Citizen, AuditAgent.SystemClient, AuditAgent.Unauthenticated {

    /** Longest id, name or code kept. */
    int MAX_TEXT = 200;

    /** @return the agent's kind as stored in {@code audit_event.agent_kind} */
    String kind();

    /** @return the agent of a request made by {@code caller} */
    static AuditAgent of(Caller caller) {
        return switch (caller) {
            case Caller.Staff s -> new Staff(s.id(), s.displayName(), s.acting().roleCode(), s.acting().jobRole(),
                    s.acting().odsCode());
            case Caller.Citizen c -> new Citizen(c.id(), c.displayName(), c.nhsNumber());
            case Caller.SystemClient c -> new SystemClient(c.id(), c.displayName());
        };
    }

    /**
     * A member of staff in the role profile they acted in.
     *
     * @param id       SDS user id
     * @param roleCode national RBAC access role code of the acting role profile
     * @param jobRole  national job role code
     * @param odsCode  ODS code of the organisation the role is held at
     */
    record Staff(String id, String name, String roleCode, String jobRole, String odsCode) implements AuditAgent {
        public Staff {
            id = bounded(id, "id");
            name = bounded(name, "name");
            roleCode = bounded(roleCode, "roleCode");
            jobRole = bounded(jobRole, "jobRole");
            odsCode = bounded(odsCode, "odsCode");
        }

        @Override
        public String kind() {
            return "staff";
        }
    }

    /**
     * A citizen (NHS login-like identity).
     *
     * @param id        the identity provider's subject
     * @param nhsNumber the citizen's own NHS Number
     */
    record Citizen(String id, String name, String nhsNumber) implements AuditAgent {
        public Citizen {
            id = bounded(id, "id");
            name = bounded(name, "name");
            nhsNumber = bounded(nhsNumber, "nhsNumber");
        }

        @Override
        public String kind() {
            return "citizen";
        }
    }

    /** Another system, by its client id. */
    record SystemClient(String id, String name) implements AuditAgent {
        public SystemClient {
            id = bounded(id, "id");
            name = bounded(name, "name");
        }

        @Override
        public String kind() {
            return "system";
        }
    }

    /** Nobody established: the request had no valid token. Only its network address is known. */
    record Unauthenticated() implements AuditAgent {
        @Override
        public String kind() {
            return "unauthenticated";
        }
    }

    private static String bounded(String value, String name) {
        return BoundedText.of(Objects.requireNonNull(value, name), MAX_TEXT);
    }
}
