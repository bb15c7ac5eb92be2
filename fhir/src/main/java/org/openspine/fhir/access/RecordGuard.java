package org.openspine.fhir.access;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.store.StoredResource;
import org.openspine.fhir.store.Visibility;
import org.openspine.platform.audit.AuditRecord;
import org.openspine.platform.audit.ResourceRef;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.security.Access;
import org.openspine.platform.security.AccessPolicy;
import org.openspine.platform.security.PatientScope;

/**
 * One request's access checks, consulted by every interaction on every path into the record:
 * whether the caller may read or write a type at all, which resources they may see (a
 * {@link Visibility} that searches, includes, chains and history apply in SQL), and whether one
 * resource is visible. It also remembers which patients the request touched, for the audit trail.
 * Refusals never say anything about another patient: the same message whether or not a record
 * exists behind them. Not thread-safe: one per request.
 */
public final class RecordGuard {

    private static final String AUDIT_EVENT = "AuditEvent";

    private final Access access;
    private final AccessPolicy policy;
    private final Set<String> patientTypes;
    private final List<String> allTypes;
    private final CareUnits units;
    private final CitizenRecords citizens;
    private final PatientScope scope;
    private final Set<String> patients = new LinkedHashSet<>();
    private final List<ResourceRef> resources = new ArrayList<>();
    private int resourceCount;
    private Visibility visibility;

    RecordGuard(Access access, AccessPolicy policy, Set<String> patientTypes, List<String> allTypes, CareUnits units,
            CitizenRecords citizens) {
        this.access = access;
        this.policy = policy;
        this.patientTypes = patientTypes;
        this.allTypes = allTypes;
        this.units = units;
        this.citizens = citizens;
        this.scope = policy.scope(access);
    }

    /** @return the request's access */
    public Access access() {
        return access;
    }

    /** @return whether this request broke the glass (an audited, alerting access) */
    public boolean brokeGlass() {
        return scope instanceof PatientScope.AnyPatient any && any.brokeGlass();
    }

    /** @throws OpenSpineException.Forbidden unless the caller may read resources of {@code type} */
    public void requireRead(String type) {
        policy.require(access, type, false, patientTypes.contains(type));
    }

    /** @throws OpenSpineException.Forbidden unless the caller may write resources of {@code type} */
    public void requireWrite(String type) {
        policy.require(access, type, true, patientTypes.contains(type));
    }

    /** @return whether the caller may read resources of {@code type} */
    public boolean mayRead(String type) {
        return policy.allows(access, type, false, patientTypes.contains(type));
    }

    /**
     * @param types the types a system-level search or history names; empty for every type
     * @return those of them the caller may read: all named ones (refusing any it may not), or
     *         every readable type when none is named and the caller cannot read all
     * @throws OpenSpineException.Forbidden when a named type may not be read
     */
    public List<String> readable(List<String> types) {
        if (!types.isEmpty()) {
            types.forEach(this::requireRead);
            return types;
        }
        List<String> readable = allTypes.stream().filter(this::mayRead).toList();
        if (readable.isEmpty()) {
            throw new OpenSpineException.Forbidden("this caller may not read any type of resource");
        }
        return readable.size() == allTypes.size() ? List.of() : readable;
    }

    /** @return what this caller may see of the record, resolved once per request */
    public Visibility visibility(Connection connection) throws SQLException {
        if (visibility == null) {
            visibility = switch (scope) {
                case PatientScope.AnyPatient any -> Visibility.EVERYTHING;
                case PatientScope.OwnRecords own -> new Visibility.OwnRecords(citizens.of(connection, own.nhsNumber()));
                case PatientScope.CareRelationship care -> new Visibility.Related(units.of(connection, care.odsCode()));
            };
        }
        return visibility;
    }

    /**
     * Checks that the caller may see the resource {@code type/id}, if it exists, before they read,
     * change or delete it, and notes its patient for the audit trail.
     *
     * @throws OpenSpineException.Forbidden when it exists and they may not see it
     */
    public void requireVisible(Connection connection, FhirStore store, String type, String id) throws SQLException {
        requireVisible(connection, store, type, id, visibility(connection));
    }

    private void requireVisible(Connection connection, FhirStore store, String type, String id, Visibility visibility)
            throws SQLException {
        if (visibility instanceof Visibility.Everything) {
            return; // nothing to check: no lookup on a system's update or delete (the write notes the patient)
        }
        Optional<FhirStore.Sighting> sighting = store.sight(connection, type, id, visibility);
        if (sighting.isPresent()) {
            if (!sighting.get().visible()) {
                throw refused(type);
            }
            sighting.get().patientId().ifPresent(patients::add);
        }
    }

    /**
     * Checks that the caller may see a resource just read, and notes its patient for the audit trail.
     *
     * @throws OpenSpineException.Forbidden when they may not see it
     */
    public void requireVisible(Connection connection, FhirStore store, StoredResource read) throws SQLException {
        if (read.patientId().isPresent()) {
            requireVisible(connection, store, read.type(), read.id());
        }
        touched(read);
    }

    /**
     * Checks, in the writing transaction, that what the caller just wrote belongs to a patient they
     * may see (so nobody files an entry into a record they cannot reach), and notes the patient. A
     * Patient resource is exempt: registering a new patient, or moving one to another practice,
     * leaves a record the writer may no longer reach.
     *
     * <p>Only relationships the caller had before this transaction count (registrations apart, see
     * {@link Visibility#beforeThisTransaction}): an open Encounter, referral, appointment or Task naming the writer's
     * own organisation establishes a relationship, and must not be how the writer gets into a record they could not
     * reach. A clinician who must act for a patient with no relationship breaks the glass.
     *
     * <p>Patient data that names no patient (an Observation without a subject, a Binary without a
     * {@code securityContext}) belongs to no record, so every reader of its type could see it: only callers who
     * may see every record (systems, break-glass) may write it.
     *
     * @throws OpenSpineException.Forbidden when they may not see the patient; the transaction must roll back
     * @throws OpenSpineException.Unprocessable when patient data names no patient and the caller may not write that
     */
    public void requireWritten(Connection connection, FhirStore store, StoredResource written) throws SQLException {
        touched(written);
        if (written.type().equals("Patient")) {
            return;
        }
        if (written.patientId().isEmpty()) {
            if (patientTypes.contains(written.type()) && !(scope instanceof PatientScope.AnyPatient)) {
                throw new OpenSpineException.Unprocessable("business-rule", "this " + written.type()
                        + " names no patient it belongs to ("
                        + (written.type().equals("Binary") ? "securityContext" : "its subject or patient")
                        + "); patient data written by staff or patients must belong to a patient's record");
            }
            return;
        }
        requireVisible(connection, store, written.type(), written.id(), visibility(connection).beforeThisTransaction());
    }

    /** Notes that the request returned or changed {@code resource}, for the audit trail. */
    public void touched(StoredResource resource) {
        touched(resource.type(), resource.id(), resource.patientId());
    }

    /** Notes that the request returned or changed {@code type/id}, in the record of {@code patientId}. */
    public void touched(String type, String id, Optional<String> patientId) {
        patientId.ifPresent(patients::add);
        resourceCount++;
        if (resources.size() < AuditRecord.MAX_RESOURCES) {
            resources.add(new ResourceRef(type, id));
        }
    }

    /** @return the ids of the patients this request touched, in order first touched */
    public List<String> patients() {
        return List.copyOf(patients);
    }

    /** @return the first {@value AuditRecord#MAX_RESOURCES} resources this request returned or changed */
    public List<ResourceRef> resources() {
        return List.copyOf(resources);
    }

    /** @return how many resources this request returned or changed in all (a resource may count twice) */
    public int resourceCount() {
        return resourceCount;
    }

    /**
     * @return whose entries on the audit trail this caller may read: every patient's (privacy officers,
     *         systems with {@code system/AuditEvent.read}), or a citizen's own records' and those they
     *         are a proxy for
     * @throws OpenSpineException.Forbidden when the caller may not read the audit trail at all
     */
    public AuditReach auditReach(Connection connection) throws SQLException {
        policy.require(access, AUDIT_EVENT, false, false);
        return switch (policy.auditScope(access)) {
            case PatientScope.AnyPatient any -> new AuditReach.Everyone();
            case PatientScope.OwnRecords own -> new AuditReach.Only(Set.copyOf(citizens.of(connection, own.nhsNumber())));
            case PatientScope.CareRelationship care -> throw new OpenSpineException.Forbidden(
                    "the audit trail is read by privacy officers and by patients for their own records");
        };
    }

    /** @return the refusal for a resource of {@code type} this caller may not see */
    public static OpenSpineException refused(String type) {
        return new OpenSpineException.Forbidden("you have no legitimate relationship with the patient this "
                + type + " belongs to; staff may state a break-glass reason in the X-Break-Glass-Reason header");
    }

    /** Whose entries on the audit trail a caller may read. */
    public sealed interface AuditReach {

        /** Everyone's. */
        record Everyone() implements AuditReach {
        }

        /** Only those involving these Patients (by id); none at all when the set is empty. */
        record Only(Set<String> patients) implements AuditReach {
            public Only {
                patients = Set.copyOf(patients);
            }
        }
    }
}
