package org.openspine.fhir.store;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Identifier;

/**
 * Extracts the values of each type's {@code identifier} search parameter, for the token index that
 * backs conditional interactions and identifier search.
 */
final class IdentifierIndex {

    /** The search parameter name the rows are stored under. */
    static final String PARAM = "identifier";

    private final SearchPaths paths;

    IdentifierIndex(FhirContext context) {
        this.paths = new SearchPaths(context, param -> param.getName().equals(PARAM)
                && param.getParamType() == RestSearchParameterTypeEnum.TOKEN);
    }

    /** @return (system, value) pairs; system may be null */
    List<Token> tokens(IBaseResource resource) {
        List<Token> tokens = new ArrayList<>();
        for (IBase value : paths.values(resource)) {
            if (value instanceof Identifier identifier && identifier.hasValue()) {
                tokens.add(new Token(identifier.hasSystem() ? identifier.getSystem() : null, identifier.getValue()));
            }
        }
        return tokens;
    }

    record Token(String system, String code) {
    }
}
