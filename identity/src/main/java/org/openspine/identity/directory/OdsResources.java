package org.openspine.identity.directory;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The FHIR resources a checked ODS row becomes: its Organization and, for organisations that see
 * patients, a Location (the main site, at the organisation's address) and a HealthcareService. Each is
 * built with only the elements the directory owns ({@link #ORGANIZATION_FIELDS} and the like), which a
 * reload replaces while leaving every other element of a stored resource as it was. Stateless.
 */
final class OdsResources {

    /** The identifier system of ODS organisation codes. */
    static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";
    /** The identifier system of ODS site codes; an organisation's main site carries the organisation's code. */
    static final String ODS_SITE = "https://fhir.nhs.uk/Id/ods-site-code";
    /** The identifier system of the service each patient-facing organisation offers, by its ODS code. */
    static final String ODS_SERVICE = "https://fhir.openspine.org/Id/ods-service";
    /** The prefix of the directory's own extensions; a reload replaces those and keeps any others. */
    static final String EXTENSION_PREFIX = "https://fhir.openspine.org/StructureDefinition/ods-";
    /** When the organisation opened and (if it has) closed: ODS columns 11 and 12. */
    static final String OPERATIONAL_PERIOD = EXTENSION_PREFIX + "operational-period";
    /** On {@code Organization.partOf}: since when it belongs to its parent (ODS column 16). */
    static final String RELATIONSHIP_PERIOD = EXTENSION_PREFIX + "relationship-period";

    static final List<String> ORGANIZATION_FIELDS = List.of("extension", "active", "type", "name", "telecom",
            "address", "partOf");
    static final List<String> LOCATION_FIELDS = List.of("status", "name", "mode", "telecom", "address", "physicalType",
            "managingOrganization");
    static final List<String> SERVICE_FIELDS = List.of("active", "providedBy", "category", "type", "location", "name",
            "telecom");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String LOCATION_TYPE = "http://terminology.hl7.org/CodeSystem/location-physical-type";

    private OdsResources() {
    }

    /**
     * @param parentId the parent's Organization id when it is in the directory; without it {@code partOf}
     *                 names the parent by ODS code only, to be linked when the parent is loaded
     */
    static ObjectNode organisation(OdsRow row, Optional<String> parentId) {
        ObjectNode organisation = NODES.objectNode().put("resourceType", "Organization");
        ObjectNode period = organisation.putArray("extension").addObject().put("url", OPERATIONAL_PERIOD)
                .putObject("valuePeriod").put("start", row.opened().toString());
        row.closed().ifPresent(closed -> period.put("end", closed.toString()));
        organisation.put("active", row.active());
        ObjectNode type = organisation.putArray("type").addObject();
        ArrayNode codings = type.putArray("coding");
        codings.addObject().put("system", OrganisationType.ROLE_SYSTEM).put("code", row.type().roleCode())
                .put("display", row.type().roleDisplay());
        codings.addObject().put("system", OrganisationType.HL7_SYSTEM).put("code", row.type().hl7Code());
        type.put("text", row.type().text());
        organisation.put("name", row.name());
        contact(organisation, row);
        row.parent().ifPresent(parent -> {
            ObjectNode partOf = organisation.putObject("partOf");
            parent.joined().ifPresent(joined -> partOf.putArray("extension").addObject().put("url", RELATIONSHIP_PERIOD)
                    .putObject("valuePeriod").put("start", joined.toString()));
            parentId.ifPresent(id -> partOf.put("reference", "Organization/" + id));
            partOf.put("type", "Organization");
            partOf.putObject("identifier").put("system", ODS).put("value", parent.code());
        });
        return organisation;
    }

    /** @return the organisation's main site */
    static ObjectNode location(OdsRow row, String organisationId) {
        ObjectNode location = NODES.objectNode().put("resourceType", "Location");
        location.put("status", row.active() ? "active" : "inactive");
        location.put("name", row.name());
        location.put("mode", "instance");
        contact(location, row);
        location.putObject("physicalType").putArray("coding").addObject().put("system", LOCATION_TYPE).put("code", "bu")
                .put("display", "Building");
        location.set("managingOrganization", reference("Organization/" + organisationId, row.name()));
        return location;
    }

    /** @return the service the organisation offers patients at its main site */
    static ObjectNode service(OdsRow row, OrganisationType.Service offered, String organisationId, String locationId) {
        ObjectNode service = NODES.objectNode().put("resourceType", "HealthcareService");
        service.put("active", row.active());
        service.set("providedBy", reference("Organization/" + organisationId, row.name()));
        service.putArray("category").addObject().putArray("coding").addObject()
                .put("system", OrganisationType.SERVICE_CATEGORY).put("code", offered.categoryCode())
                .put("display", offered.categoryDisplay());
        service.putArray("type").addObject().putArray("coding").addObject()
                .put("system", OrganisationType.SERVICE_TYPE).put("code", offered.typeCode())
                .put("display", offered.typeDisplay());
        service.putArray("location").add(reference("Location/" + locationId, row.name()));
        service.put("name", row.name() + " - " + offered.typeDisplay().toLowerCase(Locale.ROOT));
        row.telephone().ifPresent(phone -> service.putArray("telecom").addObject().put("system", "phone")
                .put("value", phone).put("use", "work"));
        return service;
    }

    private static void contact(ObjectNode resource, OdsRow row) {
        row.telephone().ifPresent(phone -> resource.putArray("telecom").addObject().put("system", "phone")
                .put("value", phone).put("use", "work"));
        if (!row.addressLines().isEmpty() || !row.postcode().isEmpty()) {
            // ODS address lines are not structured (the town may be any of them), so they stay lines
            ObjectNode address = NODES.objectNode().put("use", "work").put("type", "both");
            if (!row.addressLines().isEmpty()) {
                ArrayNode lines = address.putArray("line");
                row.addressLines().forEach(lines::add);
            }
            if (!row.postcode().isEmpty()) {
                address.put("postalCode", row.postcode());
            }
            address.put("country", "GB");
            if (resource.path("resourceType").asText().equals("Location")) {
                resource.set("address", address);
            } else {
                resource.putArray("address").add(address);
            }
        }
    }

    private static ObjectNode reference(String reference, String display) {
        return NODES.objectNode().put("reference", reference).put("display", display);
    }
}
