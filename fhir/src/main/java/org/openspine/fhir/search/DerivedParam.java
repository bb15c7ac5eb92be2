package org.openspine.fhir.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;

/**
 * A search parameter whose values a module computes in Java rather than reads with a FHIRPath expression:
 * e.g. the identity module's patient-matching keys, which need phonetic codes no expression can give.
 * Its values are indexed as tokens, at write time in the writing transaction like every other
 * parameter, and rebuilt by reindex; it is searched like any token parameter (comma for any of several).
 * Registered in the composition root; the fhir module never knows what it computes.
 */
public interface DerivedParam {

    /** @return the parameter: a {@link SearchParamType#TOKEN} with an empty expression and its own URL */
    SearchParam param();

    /**
     * @param resource a resource of {@code param().resourceType()}, as FHIR JSON
     * @return its values (token codes), none when it has too little to compute them from; must not throw
     *         for any valid resource of the type
     */
    Collection<String> codes(JsonNode resource);
}
