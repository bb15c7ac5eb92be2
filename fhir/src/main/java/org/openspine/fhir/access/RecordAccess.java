package org.openspine.fhir.access;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.openspine.fhir.search.ParamIds;
import org.openspine.platform.security.Access;
import org.openspine.platform.security.AccessPolicy;
import org.openspine.platform.security.Caller;

/**
 * Applies platform's {@link AccessPolicy} to the FHIR record: hands each request a
 * {@link RecordGuard} that every interaction consults before it reads or writes. The policy decides;
 * this class knows which types are patient data and how a caller's patient scope becomes a
 * {@link org.openspine.fhir.store.Visibility} over the store. Thread-safe.
 */
public final class RecordAccess {

    /** Access for OpenSpine's own work (demo seeding, internal services): a system with every scope. */
    public static final Access OPENSPINE = Access.of(new Caller.SystemClient("openspine", "OpenSpine",
            Set.of("system/*.*", "system/AuditEvent.read")));

    /** The access of a request on a public path: no scope, so it may read or write nothing. */
    public static final Access ANONYMOUS = Access.of(new Caller.SystemClient("anonymous", "anonymous", Set.of()));

    private final AccessPolicy policy;
    private final Set<String> patientTypes;
    private final List<String> allTypes;
    private final CareUnits units;
    private final CitizenRecords citizens;

    public RecordAccess(AccessPolicy policy, FhirContext context, ParamIds ids, Clock clock) {
        this.policy = policy;
        this.patientTypes = patientTypes(context);
        this.allTypes = List.copyOf(new TreeSet<>(context.getResourceTypes()));
        this.units = new CareUnits(ids, clock);
        this.citizens = new CitizenRecords(ids);
    }

    /** @return the guard of one request made with {@code access}; not thread-safe, one per request */
    public RecordGuard guard(Access access) {
        return new RecordGuard(access, policy, patientTypes, allTypes, units, citizens);
    }

    /** @return whether resources of {@code type} belong to a patient (the R4 Patient compartment, Binary and Task) */
    public boolean isPatientData(String type) {
        return patientTypes.contains(type);
    }

    private static Set<String> patientTypes(FhirContext context) {
        Set<String> types = new TreeSet<>();
        types.add("Patient");
        // a Binary belongs to the patient its securityContext names (see CompartmentKey): reading one is reading
        // the record, for clinical roles only
        types.add("Binary");
        // so does a Task, to the patient it is for (see CompartmentKey): a review task names the letter and what
        // it says, so reading one is reading the record, not the directory every member of staff and every
        // citizen who proved their identity to P5 may read. R4 leaves Task out of the Patient compartment.
        types.add("Task");
        for (String type : context.getResourceTypes()) {
            for (RuntimeSearchParam param : context.getResourceDefinition(type).getSearchParams()) {
                if (param.getProvidesMembershipInCompartments() != null
                        && param.getProvidesMembershipInCompartments().contains("Patient")) {
                    types.add(type);
                    break;
                }
            }
        }
        return Set.copyOf(types);
    }
}
