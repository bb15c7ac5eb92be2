package org.openspine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchKindTest {

    private static final SearchSubject SUBJECT = new SearchSubject(7, "9990001234", "p-42", "O'Brien", "Siobhan",
            LocalDate.of(1961, 3, 4), "http://loinc.org", "8867-4", LocalDate.of(2023, 5, 1), true);

    @Test
    void each_search_uses_standard_parameters_with_encoded_values() {
        assertThat(SearchKind.IDENTIFIER.query(SUBJECT))
                .isEqualTo("Patient?identifier=https%3A%2F%2Ffhir.nhs.uk%2FId%2Fnhs-number%7C9990001234");
        assertThat(SearchKind.OBSERVATION.query(SUBJECT))
                .isEqualTo("Observation?patient=p-42&code=http%3A%2F%2Floinc.org%7C8867-4&date=ge2023-04-30");
        assertThat(SearchKind.NAME_BIRTHDATE.query(SUBJECT)).isEqualTo("Patient?family=O%27Brien&birthdate=1961-03-04");
        assertThat(SearchKind.CHAIN.query(SUBJECT)).isEqualTo(
                "Observation?subject:Patient.identifier=https%3A%2F%2Ffhir.nhs.uk%2FId%2Fnhs-number%7C9990001234");
        assertThat(SearchKind.INCLUDE.query(SUBJECT))
                .isEqualTo("MedicationRequest?patient=p-42&_include=MedicationRequest:subject");
    }

    @Test
    void the_include_search_is_only_for_patients_with_prescriptions() {
        SearchSubject unprescribed = new SearchSubject(8, "9990001242", "p-43", "Smith", "Ann", LocalDate.of(2001, 1, 1),
                "http://loinc.org", "8867-4", LocalDate.of(2023, 5, 1), false);

        assertThat(SearchKind.INCLUDE.applies(unprescribed)).isFalse();
        assertThat(SearchKind.CHAIN.applies(unprescribed)).isTrue();
    }

    @Test
    void scenario_names_are_listed_and_looked_up() {
        assertThat(SearchKind.scenarios()).containsExactly("search-identifier", "search-observation",
                "search-name-birthdate", "search-chain", "search-include");
        assertThat(SearchKind.of("search-chain")).contains(SearchKind.CHAIN);
        assertThat(SearchKind.of("search")).isEmpty();
    }

    @Test
    void a_patient_search_must_find_the_subject_itself() {
        String subject = searchset("{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p-42\"}}");
        String someoneElse = searchset("{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p-1\"}}");

        assertThat(check(SearchKind.IDENTIFIER, 200, subject)).isEqualTo(new Outcome.Success(0));
        assertThat(check(SearchKind.NAME_BIRTHDATE, 200, someoneElse))
                .isEqualTo(new Outcome.Failure("the Patient searched for is not among the matches"));
        assertThat(check(SearchKind.IDENTIFIER, 200, searchset("")))
                .isEqualTo(new Outcome.Failure("no Patient found"));
    }

    @Test
    void every_match_of_a_patient_s_search_must_be_about_that_patient() {
        String own = "{\"resource\":{\"resourceType\":\"Observation\",\"id\":\"o1\","
                + "\"subject\":{\"reference\":\"Patient/p-42\"}}}";
        String absolute = own.replace("Patient/p-42", "http://fhir.test/R4/Patient/p-42/_history/3");
        String other = own.replace("p-42", "p-7");

        assertThat(check(SearchKind.OBSERVATION, 200, searchset(own + "," + absolute)))
                .isEqualTo(new Outcome.Success(0));
        assertThat(check(SearchKind.CHAIN, 200, searchset(own + "," + other)))
                .isEqualTo(new Outcome.Failure("Observation of another patient among the matches"));
        assertThat(check(SearchKind.CHAIN, 200, searchset("")))
                .isEqualTo(new Outcome.Failure("no Observation found"));
    }

    @Test
    void an_include_search_needs_the_subject_s_patient_included() {
        String prescription = "{\"resource\":{\"resourceType\":\"MedicationRequest\","
                + "\"subject\":{\"reference\":\"Patient/p-42\"}},\"search\":{\"mode\":\"match\"}}";
        String patient = "{\"resource\":{\"id\":\"p-42\",\"resourceType\":\"Patient\"},"
                + "\"search\":{\"mode\":\"include\"}}";

        assertThat(check(SearchKind.INCLUDE, 200, searchset(prescription)))
                .isEqualTo(new Outcome.Failure("Patient not included"));
        assertThat(check(SearchKind.INCLUDE, 200, searchset(prescription + "," + patient)))
                .isEqualTo(new Outcome.Success(0));
    }

    @Test
    void only_a_searchset_bundle_in_a_200_counts() {
        String match = searchset("{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p-42\"}}");

        assertThat(check(SearchKind.IDENTIFIER, 200, match.replace("searchset", "history")))
                .isEqualTo(new Outcome.Failure("not a searchset Bundle"));
        assertThat(check(SearchKind.IDENTIFIER, 400, "{\"resourceType\":\"OperationOutcome\"}"))
                .isEqualTo(new Outcome.Failure("HTTP 400"));
        assertThat(check(SearchKind.IDENTIFIER, 200, "{\"resourceType\":"))
                .isEqualTo(new Outcome.Failure("body is not JSON"));
    }

    @Test
    void a_searchset_is_read_as_each_entry_s_type_id_and_subject() throws IOException {
        String body = "{\"resourceType\":\"Bundle\",\"link\":[{\"relation\":\"self\",\"url\":\"u\"}],"
                + "\"type\":\"searchset\",\"entry\":[{\"resource\":{\"resourceType\":\"Observation\","
                + "\"code\":{\"coding\":[{\"code\":\"1\"}]},\"id\":\"o1\",\"subject\":{\"display\":\"x\","
                + "\"reference\":\"Patient/9\"}}},{\"resource\":{\"resourceType\":\"OperationOutcome\"},"
                + "\"search\":{\"mode\":\"outcome\"}}]}";

        Searchset searchset = Searchset.read(body.getBytes(StandardCharsets.UTF_8));

        assertThat(searchset).isEqualTo(new Searchset(true, List.of(new Searchset.Found("Observation", "o1",
                "Patient/9"), new Searchset.Found("OperationOutcome", "", ""))));
        assertThat(searchset.count("Observation")).isEqualTo(1);
        assertThat(searchset.has("Observation", "o1")).isTrue();
        assertThat(searchset.allAbout("Observation", "9")).isTrue();
        assertThat(Searchset.read("[]".getBytes(StandardCharsets.UTF_8)).searchset()).isFalse();
        assertThat(Searchset.refersTo("Patient/19", "Patient", "9")).isFalse();
    }

    private static Outcome check(SearchKind kind, int status, String body) {
        return kind.check(new HttpResponse(status, Map.of(), body.getBytes(StandardCharsets.UTF_8)), SUBJECT);
    }

    private static String searchset(String entries) {
        return "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[" + entries + "]}";
    }
}
