package org.openspine.fhir.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openspine.fhir.search.index.IndexEntry;

/**
 * Derives, from a resource's search index entries, the legitimate relationships it establishes
 * between its patient and care units (organisations, and the roles, services and locations that
 * belong to them), and whether it marks its patient's record as sensitive. What counts:
 * <ul>
 * <li>a Patient's registered practice ({@code generalPractitioner}) and managing organisation;</li>
 * <li>an Encounter not yet finished, with its service provider and participating roles;</li>
 * <li>an active EpisodeOfCare, with its managing organisation;</li>
 * <li>an open ServiceRequest (referral), with its performers and requester;</li>
 * <li>an Appointment still to happen or happening, with its participants;</li>
 * <li>an open Task (such as a record transfer), with its owner and requester.</li>
 * </ul>
 * Derived from index entries rather than the JSON, so reindexing rebuilds relationships too.
 * Stateless.
 */
final class CareRelationships {

    /** The code system of meta.security confidentiality codes. */
    static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
    /** Confidentiality codes that restrict a record: restricted, very restricted. */
    static final Set<String> RESTRICTED = Set.of("R", "V");
    private static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";
    private static final Set<String> UNIT_TYPES = Set.of("Organization", "PractitionerRole", "HealthcareService",
            "Location");

    /** Per type: the kind of relationship, the status parameter and open statuses (null: any), the unit parameters. */
    private static final Map<String, Rule> RULES = Map.of(
            "Patient", new Rule("registration", null, null, List.of("general-practitioner", "organization")),
            "Encounter", new Rule("encounter", "status",
                    Set.of("planned", "arrived", "triaged", "in-progress", "onleave"),
                    List.of("service-provider", "participant")),
            "EpisodeOfCare", new Rule("episode", "status", Set.of("planned", "waitlist", "active", "onhold"),
                    List.of("organization")),
            "ServiceRequest", new Rule("referral", "status", Set.of("draft", "active", "on-hold"),
                    List.of("performer", "requester")),
            "Appointment", new Rule("appointment", "status",
                    Set.of("proposed", "pending", "booked", "arrived", "checked-in", "waitlist"), List.of("actor")),
            "Task", new Rule("transfer", "status",
                    Set.of("draft", "requested", "received", "accepted", "ready", "in-progress", "on-hold"),
                    List.of("owner", "requester")));

    private CareRelationships() {
    }

    /** @return the relationships the resource establishes with its patient (none without a patient) */
    static List<Relationship> of(String type, String patientId, List<IndexEntry> entries) {
        Rule rule = RULES.get(type);
        if (rule == null || patientId == null) {
            return List.of();
        }
        if (rule.statusParam() != null && !isOpen(type + "." + rule.statusParam(), rule.openStatuses(), entries)) {
            return List.of();
        }
        List<Relationship> found = new ArrayList<>();
        for (String param : rule.unitParams()) {
            String key = type + "." + param;
            for (IndexEntry entry : entries) {
                String unit = switch (entry) {
                    case IndexEntry.Reference r when r.key().equals(key) && UNIT_TYPES.contains(r.targetType())
                            && r.version() == null -> r.targetType() + "/" + r.target();
                    case IndexEntry.Token t when t.key().equals(key + ":identifier") && ODS.equals(t.system()) ->
                            odsUnit(t.code());
                    default -> null;
                };
                if (unit != null) {
                    Relationship relationship = new Relationship(patientId, unit, rule.kind());
                    if (!found.contains(relationship)) {
                        found.add(relationship);
                    }
                }
            }
        }
        return found;
    }

    /** @return whether a Patient resource marks its record as restricted */
    static boolean isRestricted(String type, List<IndexEntry> entries) {
        if (!type.equals("Patient")) {
            return false;
        }
        for (IndexEntry entry : entries) {
            if (entry instanceof IndexEntry.Token t && t.key().equals("Resource._security")
                    && CONFIDENTIALITY.equals(t.system()) && RESTRICTED.contains(t.code())) {
                return true;
            }
        }
        return false;
    }

    /** @return the unit an organisation named only by its ODS code (a logical reference) stands for */
    static String odsUnit(String odsCode) {
        return "ods|" + odsCode;
    }

    private static boolean isOpen(String statusKey, Set<String> open, List<IndexEntry> entries) {
        for (IndexEntry entry : entries) {
            if (entry instanceof IndexEntry.Token t && t.key().equals(statusKey) && t.modifier() == null) {
                return open.contains(t.code());
            }
        }
        return false;
    }

    /** One relationship: a patient, a care unit, and what kind of care joins them. */
    record Relationship(String patientId, String unit, String kind) {
    }

    private record Rule(String kind, String statusParam, Set<String> openStatuses, List<String> unitParams) {
    }
}
