package org.openspine.identity.matching;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.openspine.fhir.search.DerivedParam;
import org.openspine.fhir.search.SearchParam;
import org.openspine.fhir.search.SearchParamType;

/**
 * The Patient search parameter {@code match-key}: a Patient's {@link MatchKeys}, for every combination of
 * its names and postcodes ({@link PatientDemographics}), indexed at write time so that a fuzzy search fetches
 * only the few records worth scoring. {@code Patient?match-key=k1,k2} finds the records sharing any key.
 * After {@link MatchKeys#VERSION} changes, run {@code ./openspine reindex}.
 */
public final class MatchKeyParam implements DerivedParam {

    /** The parameter's name in a search. */
    public static final String CODE = "match-key";
    /** Its canonical URL. */
    public static final String URL = "https://openspine.org/fhir/SearchParameter/Patient-match-key";
    private static final SearchParam PARAM = new SearchParam("Patient", CODE, SearchParamType.TOKEN, "", List.of(),
            List.of(), URL);

    @Override
    public SearchParam param() {
        return PARAM;
    }

    @Override
    public Collection<String> codes(JsonNode patient) {
        Set<String> keys = new LinkedHashSet<>();
        for (Demographics demographics : PatientDemographics.of(patient)) {
            keys.addAll(MatchKeys.of(demographics));
        }
        return keys;
    }
}
