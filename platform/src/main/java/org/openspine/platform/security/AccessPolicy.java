package org.openspine.platform.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.openspine.platform.error.OpenSpineException;

/**
 * The one place that decides who may do what: which {@link Activity} an interaction needs, whether
 * a caller's role, proofing level or scopes allow it, and which patients' data the caller may reach
 * ({@link PatientScope}). Default deny: a role code, resource type or scope it does not know grants
 * nothing. Stateless and thread-safe; the record store applies the scope it returns.
 *
 * <p>Staff: the acting role's national RBAC code grants activities ({@link #nhsRoles()}); patient
 * data further needs a legitimate relationship with the role's organisation, or break-glass with a
 * stated reason (clinical roles only). Citizens: P9 reads their own record (and those they are a
 * proxy for), P5 only their demographics, P0 nothing; they write nothing yet. Systems: SMART v1
 * scopes {@code system/<Type|*>.<read|write|*>}; the audit trail needs the explicit
 * {@code system/AuditEvent.read}, never a wildcard.
 */
public final class AccessPolicy {

    private static final Set<String> DEMOGRAPHICS = Set.of("Patient", "RelatedPerson", "Person");
    private static final Set<String> BOOKING = Set.of("Appointment", "AppointmentResponse", "Slot", "Schedule");
    private static final String AUDIT = "AuditEvent";

    private final Map<String, Set<Activity>> roles;

    /** @param roles the activities each national RBAC access-role code allows */
    public AccessPolicy(Map<String, Set<Activity>> roles) {
        this.roles = Map.copyOf(roles);
    }

    /** @return the policy with {@link #nhsRoles()} */
    public static AccessPolicy nhs() {
        return new AccessPolicy(nhsRoles());
    }

    /**
     * The activities of the national RBAC access roles OpenSpine knows: R8000 Clinical
     * Practitioner, R8001 Nurse, R8003 Health Professional (pharmacists), R8009 Receptionist,
     * R0001 Privacy Officer. Any other role code allows nothing.
     */
    public static Map<String, Set<Activity>> nhsRoles() {
        return Map.of(
                "R8000", EnumSet.of(Activity.VIEW_DEMOGRAPHICS, Activity.UPDATE_DEMOGRAPHICS, Activity.VIEW_RECORD,
                        Activity.UPDATE_RECORD, Activity.PRESCRIBE, Activity.REFER, Activity.ADMINISTER_MEDICATION,
                        Activity.BOOK),
                "R8001", EnumSet.of(Activity.VIEW_DEMOGRAPHICS, Activity.UPDATE_DEMOGRAPHICS, Activity.VIEW_RECORD,
                        Activity.UPDATE_RECORD, Activity.ADMINISTER_MEDICATION, Activity.BOOK),
                "R8003", EnumSet.of(Activity.VIEW_DEMOGRAPHICS, Activity.VIEW_RECORD, Activity.DISPENSE),
                "R8009", EnumSet.of(Activity.VIEW_DEMOGRAPHICS, Activity.UPDATE_DEMOGRAPHICS, Activity.BOOK),
                "R0001", EnumSet.of(Activity.VIEW_AUDIT));
    }

    /**
     * @param type        a FHIR resource type
     * @param write       whether the interaction changes data
     * @param patientData whether resources of the type belong to a patient (the Patient compartment)
     * @return the activity the interaction needs
     */
    public Activity activity(String type, boolean write, boolean patientData) {
        if (type.equals(AUDIT)) {
            return Activity.VIEW_AUDIT; // never written through the API: see allows()
        }
        if (DEMOGRAPHICS.contains(type)) {
            return write ? Activity.UPDATE_DEMOGRAPHICS : Activity.VIEW_DEMOGRAPHICS;
        }
        if (BOOKING.contains(type)) {
            return Activity.BOOK;
        }
        if (!patientData) {
            return write ? Activity.CONFIGURE : Activity.VIEW_DEMOGRAPHICS;
        }
        if (!write) {
            return Activity.VIEW_RECORD;
        }
        return switch (type) {
            case "MedicationRequest" -> Activity.PRESCRIBE;
            case "MedicationDispense" -> Activity.DISPENSE;
            case "MedicationAdministration" -> Activity.ADMINISTER_MEDICATION;
            case "ServiceRequest" -> Activity.REFER;
            default -> Activity.UPDATE_RECORD;
        };
    }

    /**
     * @return whether the caller may perform this kind of interaction on this type at all (before
     *         any question of which patient)
     */
    public boolean allows(Access access, String type, boolean write, boolean patientData) {
        if (type.equals(AUDIT) && write) {
            return false; // the audit trail is written by OpenSpine alone
        }
        Activity activity = activity(type, write, patientData);
        if (type.equals(AUDIT)) {
            // whoever else may read non-clinical data, the trail is for those whose role or scope names it
            return switch (access.caller()) {
                case Caller.Staff staff -> roles.getOrDefault(staff.acting().roleCode(), Set.of()).contains(activity);
                case Caller.Citizen citizen -> citizenActivities(citizen.proofing()).contains(activity);
                case Caller.SystemClient system -> scopeAllows(system.scopes(), type, false);
            };
        }
        return switch (access.caller()) {
            case Caller.Staff staff -> {
                if (!patientData && !write) {
                    yield true; // the directory and terminology are for every member of staff
                }
                yield roles.getOrDefault(staff.acting().roleCode(), Set.of()).contains(activity);
            }
            case Caller.Citizen citizen -> !write && citizenActivities(citizen.proofing()).contains(activity)
                    || !write && !patientData;
            case Caller.SystemClient system -> scopeAllows(system.scopes(), type, write);
        };
    }

    /**
     * @throws OpenSpineException.Forbidden naming the activity and the caller's role, never a patient
     */
    public void require(Access access, String type, boolean write, boolean patientData) {
        if (!allows(access, type, write, patientData)) {
            throw new OpenSpineException.Forbidden(refusal(access, type, write, patientData));
        }
    }

    /**
     * Checks a server-wide activity (such as {@link Activity#CONFIGURE}) that concerns no resource
     * type: staff need it in their role; systems need a write scope on every type
     * ({@code system/*.write} or {@code system/*.*}); citizens never have one.
     *
     * @throws OpenSpineException.Forbidden when the caller may not
     */
    public void require(Access access, Activity activity) {
        boolean allowed = switch (access.caller()) {
            case Caller.Staff staff -> roles.getOrDefault(staff.acting().roleCode(), Set.of()).contains(activity);
            case Caller.Citizen citizen -> false;
            case Caller.SystemClient system -> system.scopes().contains("system/*.write")
                    || system.scopes().contains("system/*.*");
        };
        if (!allowed) {
            throw new OpenSpineException.Forbidden("this caller may not "
                    + describe(activity));
        }
    }

    /**
     * @return which patients the caller may reach
     * @throws OpenSpineException.Forbidden when a member of staff breaks the glass in a role that
     *         may not view clinical records
     */
    public PatientScope scope(Access access) {
        return switch (access.caller()) {
            case Caller.Staff staff -> {
                if (access.breakGlassReason().isPresent()) {
                    if (!roles.getOrDefault(staff.acting().roleCode(), Set.of()).contains(Activity.VIEW_RECORD)) {
                        throw new OpenSpineException.Forbidden("break-glass access is for clinical roles; role "
                                + staff.acting().roleCode() + " may not view clinical records");
                    }
                    yield new PatientScope.AnyPatient(true);
                }
                yield new PatientScope.CareRelationship(staff.acting().odsCode());
            }
            case Caller.Citizen citizen -> new PatientScope.OwnRecords(citizen.nhsNumber());
            case Caller.SystemClient system -> new PatientScope.AnyPatient(false);
        };
    }

    /**
     * @return whose entries in the audit trail the caller may read, once {@link #allows} granted
     *         reading AuditEvent: all of them for privacy officers and systems with
     *         {@code system/AuditEvent.read}; a citizen, who may see who looked at their record, their own
     */
    public PatientScope auditScope(Access access) {
        return switch (access.caller()) {
            case Caller.Citizen citizen -> new PatientScope.OwnRecords(citizen.nhsNumber());
            case Caller.Staff staff -> new PatientScope.AnyPatient(false);
            case Caller.SystemClient system -> new PatientScope.AnyPatient(false);
        };
    }

    private static String describe(Activity activity) {
        return activity.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static Set<Activity> citizenActivities(ProofingLevel proofing) {
        return switch (proofing) {
            case P9 -> EnumSet.of(Activity.VIEW_DEMOGRAPHICS, Activity.VIEW_RECORD, Activity.BOOK, Activity.VIEW_AUDIT);
            case P5 -> EnumSet.of(Activity.VIEW_DEMOGRAPHICS);
            case P0 -> EnumSet.noneOf(Activity.class);
        };
    }

    /** SMART v1: {@code system/Type.read}, {@code system/Type.write}, {@code system/Type.*}, Type may be {@code *}. */
    private static boolean scopeAllows(Set<String> scopes, String type, boolean write) {
        String access = write ? "write" : "read";
        for (String scope : scopes) {
            if (!scope.startsWith("system/")) {
                continue;
            }
            int dot = scope.lastIndexOf('.');
            if (dot < 0) {
                continue;
            }
            String scopeType = scope.substring("system/".length(), dot);
            String scopeAccess = scope.substring(dot + 1);
            boolean typeMatches = scopeType.equals(type) || (scopeType.equals("*") && !type.equals(AUDIT));
            if (typeMatches && (scopeAccess.equals(access) || scopeAccess.equals("*"))) {
                return true;
            }
        }
        return false;
    }

    private String refusal(Access access, String type, boolean write, boolean patientData) {
        String verb = write ? "change" : "read";
        if (type.equals(AUDIT) && write) {
            return "the audit trail cannot be changed through the API";
        }
        Activity activity = activity(type, write, patientData);
        return switch (access.caller()) {
            case Caller.Staff staff -> "role " + staff.acting().roleCode() + " does not allow "
                    + describe(activity) + " (" + verb + " " + type + ")";
            case Caller.Citizen citizen -> "a citizen signed in at " + citizen.proofing() + " may not " + verb + " " + type;
            case Caller.SystemClient system -> "no granted scope allows system/" + type + "." + (write ? "write" : "read");
        };
    }
}
