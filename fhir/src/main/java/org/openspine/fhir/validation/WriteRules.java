package org.openspine.fhir.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Identifier;
import org.openspine.fhir.NhsNumber;
import org.openspine.platform.error.Issue;
import org.openspine.platform.error.OpenSpineException;

/**
 * Rules every written resource must pass beyond strict parsing, cheap enough for every write:
 * identifiers in the NHS Number system must be valid NHS Numbers (ten digits, Modulus 11).
 *
 * <p>Full profile validation (cardinalities, invariants, terminology) is the HAPI validator's job
 * and runs on {@code $validate}; it costs milliseconds per resource, too much for every write.
 */
public final class WriteRules {

    private final FhirTerser terser;

    public WriteRules(FhirContext context) {
        this.terser = context.newTerser();
    }

    /** @throws OpenSpineException.Unprocessable listing every broken rule */
    public void check(IBaseResource resource) {
        List<Issue> issues = new ArrayList<>();
        String type = resource.fhirType();
        for (Identifier identifier : terser.getAllPopulatedChildElementsOfType(resource, Identifier.class)) {
            if (NhsNumber.SYSTEM.equals(identifier.getSystem()) && !NhsNumber.isValid(identifier.getValue())) {
                issues.add(Issue.error("value", "'" + identifier.getValue() + "' is not a valid NHS Number"
                        + " (ten digits with a Modulus 11 check digit)", type + ".identifier"));
            }
        }
        if (!issues.isEmpty()) {
            throw new OpenSpineException.Unprocessable(issues);
        }
    }
}
