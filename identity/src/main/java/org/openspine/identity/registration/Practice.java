package org.openspine.identity.registration;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A GP practice a patient registers at, as the directory holds it.
 *
 * @param id      its Organization id
 * @param odsCode its ODS code
 * @param name    its name
 */
record Practice(String id, String odsCode, String name) {

    static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";

    Practice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(odsCode, "odsCode");
        Objects.requireNonNull(name, "name");
    }

    /** @return a Reference to the practice, by id and by ODS code, so readers need no look-up to show either */
    ObjectNode reference() {
        ObjectNode reference = JsonNodeFactory.instance.objectNode().put("reference", "Organization/" + id)
                .put("type", "Organization");
        reference.putObject("identifier").put("system", ODS).put("value", odsCode);
        return reference.put("display", name);
    }
}
