package org.openspine.identity.matching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.openspine.platform.identifier.NhsNumber;

/**
 * What the matcher compares of a FHIR Patient: one {@link Demographics} for each of its names with each of
 * its postcodes, current ones first, so a person is found under a maiden name or an old address too (PDS's
 * fuzzy search looks at history). Bounded: at most {@value #MAX_NAMES} names and {@value #MAX_POSTCODES}
 * postcodes.
 */
public final class PatientDemographics {

    static final int MAX_NAMES = 3;
    static final int MAX_POSTCODES = 2;

    private PatientDemographics() {
    }

    /** @return the combinations, never empty for a Patient (a record with no name or address gives one) */
    public static List<Demographics> of(JsonNode patient) {
        String nhsNumber = null;
        for (JsonNode identifier : patient.path("identifier")) {
            if (NhsNumber.SYSTEM.equals(identifier.path("system").asText())) {
                nhsNumber = identifier.path("value").asText(null);
            }
        }
        LocalDate birthDate = null;
        try {
            String text = patient.path("birthDate").asText("");
            birthDate = text.length() == 10 ? LocalDate.parse(text) : null;
        } catch (DateTimeParseException e) {
            // a partial or odd birth date counts as missing
        }
        String gender = patient.path("gender").asText(null);
        List<JsonNode> names = current(patient.path("name"), MAX_NAMES);
        List<String> postcodes = new ArrayList<>();
        for (JsonNode address : current(patient.path("address"), Integer.MAX_VALUE)) {
            String postcode = address.path("postalCode").asText("");
            if (!postcode.isBlank() && !postcodes.contains(postcode) && postcodes.size() < MAX_POSTCODES) {
                postcodes.add(postcode);
            }
        }
        if (postcodes.isEmpty()) {
            postcodes.add(null);
        }
        List<Demographics> all = new ArrayList<>();
        for (JsonNode name : names.isEmpty() ? List.<JsonNode>of(MissingNode.getInstance()) : names) {
            List<String> given = new ArrayList<>();
            name.path("given").forEach(g -> given.add(g.asText()));
            for (String postcode : postcodes) {
                all.add(new Demographics(nhsNumber, name.path("family").asText(null), given, birthDate, gender, postcode));
            }
        }
        return all;
    }

    /** @return up to {@code max} elements, those without an ended period first (current before history) */
    private static List<JsonNode> current(JsonNode items, int max) {
        List<JsonNode> open = new ArrayList<>();
        List<JsonNode> ended = new ArrayList<>();
        for (JsonNode item : items) {
            (item.path("period").has("end") || item.path("use").asText().equals("old") ? ended : open).add(item);
        }
        open.addAll(ended);
        return open.size() > max ? open.subList(0, max) : open;
    }
}
