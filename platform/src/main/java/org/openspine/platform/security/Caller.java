package org.openspine.platform.security;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who is making a request, as established from a verified bearer token. Three kinds, as in the
 * NHS: members of staff (CIS2-like: a person acting in one of their role profiles at an
 * organisation), citizens (NHS-login-like: an NHS Number and an identity proofing level) and
 * systems (client credentials with SMART-style scopes). Immutable.
 */
public sealed interface Caller permits Caller.Staff, Caller.Citizen, Caller.SystemClient {

    /** @return the stable subject ({@code sub}): user id, citizen subject or client id */
    String id();

    /** @return a human-readable name for audit trails and access logs */
    String displayName();

    /**
     * A member of staff acting in one of their role profiles.
     *
     * @param id          the person's user id (SDS user id in the NHS)
     * @param displayName the person's name
     * @param acting      the role profile this request acts in
     * @param roles       every role profile the person holds, {@code acting} among them
     */
    record Staff(String id, String displayName, RoleProfile acting, List<RoleProfile> roles) implements Caller {
        public Staff {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(displayName, "displayName");
            Objects.requireNonNull(acting, "acting");
            roles = List.copyOf(roles);
            if (!roles.contains(acting)) {
                throw new IllegalArgumentException("the acting role " + acting.id() + " is not one of the user's roles");
            }
        }

        /** @return the role profile with this id (the {@code NHSD-Session-URID} header), if the person holds it */
        public Optional<RoleProfile> role(String roleProfileId) {
            return roles.stream().filter(r -> r.id().equals(roleProfileId)).findFirst();
        }

        /** @return the same person acting in another of their role profiles */
        public Staff actingAs(RoleProfile role) {
            return new Staff(id, displayName, role, roles);
        }
    }

    /**
     * A citizen signed in with an NHS-login-like identity: themselves, and (through proxy links held
     * in the record) the people they care for.
     *
     * @param id          the identity provider's subject
     * @param displayName the citizen's name
     * @param nhsNumber   the citizen's own NHS Number (10 digits)
     * @param proofing    how strongly their identity was verified
     */
    record Citizen(String id, String displayName, String nhsNumber, ProofingLevel proofing) implements Caller {
        public Citizen {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(displayName, "displayName");
            Objects.requireNonNull(nhsNumber, "nhsNumber");
            Objects.requireNonNull(proofing, "proofing");
        }
    }

    /**
     * Another system, authenticated with client credentials.
     *
     * @param id          the client id
     * @param displayName the system's name
     * @param scopes      SMART-style scopes, e.g. {@code system/Patient.read}, {@code system/*.write}
     */
    record SystemClient(String id, String displayName, Set<String> scopes) implements Caller {
        public SystemClient {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(displayName, "displayName");
            scopes = Set.copyOf(scopes);
        }
    }
}
