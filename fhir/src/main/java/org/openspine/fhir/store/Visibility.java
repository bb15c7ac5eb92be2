package org.openspine.fhir.store;

import java.util.List;

/**
 * Which rows of the record a request may see, as SQL conditions on the {@code patient_id} every row
 * carries: the record store's form of a caller's {@link org.openspine.platform.security.PatientScope}.
 * Searches add {@link #condition} to every statement that reads resources (the matches, chains and
 * {@code _has}, includes, counts); history adds {@link #versionCondition}; reads check single
 * resources through {@link FhirStore#isVisible}. Rows of no patient (directory, terminology) are
 * always visible. Immutable.
 */
public sealed interface Visibility {

    /** Everything: systems, break-glass, OpenSpine's own work. */
    Visibility EVERYTHING = new Everything();

    /**
     * @param alias   the alias of a {@code resource} row
     * @param securityParam the search parameter id of {@code _security} (confidentiality labels)
     * @return the condition (with {@code ?} placeholders) that the row is visible; TRUE when all are
     */
    Condition condition(String alias, int securityParam);

    /** @return the condition that a {@code resource_version} row (no rid, no index rows) is visible */
    Condition versionCondition(String alias);

    /**
     * @return this view as it was before the current transaction's writes: care relationships the transaction
     *         wrote do not count, except registrations (registering a patient is how a practice takes them on,
     *         and changing a registration needs the record in view already)
     */
    default Visibility beforeThisTransaction() {
        return this;
    }

    /** Every row. */
    record Everything() implements Visibility {
        @Override
        public Condition condition(String alias, int securityParam) {
            return Condition.TRUE;
        }

        @Override
        public Condition versionCondition(String alias) {
            return Condition.TRUE;
        }
    }

    /**
     * A citizen's view: these patients' rows (their own record and those they are a proxy for),
     * except entries labelled restricted or very restricted (confidential to clinicians); their
     * Patient resources themselves stay visible.
     *
     * @param patientIds the Patient resource ids, possibly none
     */
    record OwnRecords(List<String> patientIds) implements Visibility {
        public OwnRecords {
            patientIds = List.copyOf(patientIds);
        }

        @Override
        public Condition condition(String a, int securityParam) {
            return new Condition("(" + a + ".patient_id IS NULL OR (" + a + ".patient_id = ANY (?) AND (" + a
                    + ".res_type = 'Patient' OR NOT EXISTS (SELECT 1 FROM idx_token v WHERE v.rid = " + a
                    + ".rid AND v.param = ? AND v.system = '" + CareRelationships.CONFIDENTIALITY
                    + "' AND v.code IN ('R', 'V')))))", List.of(patientIds.toArray(String[]::new), securityParam));
        }

        @Override
        public Condition versionCondition(String a) {
            return new Condition("(" + a + ".patient_id IS NULL OR (" + a + ".patient_id = ANY (?) AND (" + a
                    + ".res_type = 'Patient' OR " + a + ".json IS NULL OR NOT (" + a
                    + ".json::jsonb -> 'meta' -> 'security' @> ANY (ARRAY['[{\"system\": \""
                    + CareRelationships.CONFIDENTIALITY + "\", \"code\": \"R\"}]', '[{\"system\": \""
                    + CareRelationships.CONFIDENTIALITY + "\", \"code\": \"V\"}]']::jsonb[])))))",
                    List.<Object>of((Object) patientIds.toArray(String[]::new)));
        }
    }

    /**
     * A member of staff's view: patients with a care relationship with one of these units (their
     * organisation, its roles, services and locations); a restricted record only through
     * registration.
     *
     * @param units the care units, as {@code Type/id} or {@code ods|CODE}
     * @param prior only relationships written before the current transaction, registrations apart
     */
    record Related(List<String> units, boolean prior) implements Visibility {
        public Related {
            units = List.copyOf(units);
        }

        /** The view through every relationship there is now. */
        public Related(List<String> units) {
            this(units, false);
        }

        @Override
        public Visibility beforeThisTransaction() {
            return new Related(units, true);
        }

        @Override
        public Condition condition(String a, int securityParam) {
            return versionCondition(a);
        }

        @Override
        public Condition versionCondition(String a) {
            return new Condition("(" + a + ".patient_id IS NULL OR EXISTS (SELECT 1 FROM care_relationship c WHERE"
                    + " c.patient_id = " + a + ".patient_id AND c.unit = ANY (?) AND (c.kind = 'registration' OR"
                    + " NOT EXISTS (SELECT 1 FROM restricted_patient s WHERE s.patient_id = c.patient_id))"
                    + (prior ? " AND (c.kind = 'registration' OR c.tx <> pg_current_xact_id())" : "") + "))",
                    List.<Object>of((Object) units.toArray(String[]::new)));
        }
    }

    /**
     * A piece of SQL with its bind values, in placeholder order.
     *
     * @param sql    the condition
     * @param values String[] or Integer values
     */
    record Condition(String sql, List<Object> values) {
        /** No restriction. */
        public static final Condition TRUE = new Condition("true", List.of());

        public Condition {
            values = List.copyOf(values);
        }
    }
}
