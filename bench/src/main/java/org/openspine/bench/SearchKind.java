package org.openspine.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The searches the bench measures, each a scenario of its own: how to ask for a {@link SearchSubject} with
 * standard FHIR R4 search parameters only (so any server can be measured), and what a correct answer must hold.
 *
 * <p>Every search is built from facts the subject's resources really have, so an answer without them is an
 * error: a server that finds nothing, or ignores a parameter it does not support and answers with whatever it
 * has, must not look fast. The check looks at ids and subject references only: it tells that the matches are
 * the subject's, not that each has the code or date asked for.
 */
enum SearchKind {

    /** The NHS Number lookup every spine integration starts with. */
    IDENTIFIER("search-identifier", subject -> byNhsNumber(subject.nhsNumber()), SearchKind::patientFound),
    /** One kind of result for one patient since a day: a chart's view of a measurement. */
    OBSERVATION("search-observation",
            // A day early: the server may read the date in another zone than the bench's UK time.
            subject -> "Observation?patient=" + encode(subject.patientId())
                    + "&code=" + encode(subject.codeSystem() + "|" + subject.code())
                    + "&date=ge" + subject.observedOn().minusDays(1),
            (answer, subject) -> allAbout(answer, "Observation", subject)),
    /** Demographic matching, as a trace without an NHS Number does. */
    NAME_BIRTHDATE("search-name-birthdate",
            subject -> "Patient?family=" + encode(subject.family()) + "&birthdate=" + subject.birthDate(),
            SearchKind::patientFound),
    /** A chained search: a patient's Observations by the patient's NHS Number, with no id lookup first. */
    CHAIN("search-chain",
            subject -> "Observation?subject:Patient.identifier=" + nhsNumberToken(subject.nhsNumber()),
            (answer, subject) -> allAbout(answer, "Observation", subject)),
    /** A patient's prescriptions with the Patient itself in the same Bundle; only for patients who have some. */
    INCLUDE("search-include",
            subject -> "MedicationRequest?patient=" + encode(subject.patientId())
                    + "&_include=MedicationRequest:subject",
            (answer, subject) -> allAbout(answer, "MedicationRequest", subject).or(() ->
                    answer.has("Patient", subject.patientId()) ? Optional.empty()
                            : Optional.of("Patient not included")),
            SearchSubject::prescribed);

    static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";

    private final String scenario;
    private final Function<SearchSubject, String> query;
    private final Fault fault;
    private final Predicate<SearchSubject> applies;

    SearchKind(String scenario, Function<SearchSubject, String> query, Fault fault) {
        this(scenario, query, fault, subject -> true);
    }

    SearchKind(String scenario, Function<SearchSubject, String> query, Fault fault,
               Predicate<SearchSubject> applies) {
        this.scenario = scenario;
        this.query = query;
        this.fault = fault;
        this.applies = applies;
    }

    /** @return the scenario names, in declaration order */
    static List<String> scenarios() {
        return Arrays.stream(values()).map(SearchKind::scenario).toList();
    }

    /** @return the kind whose scenario is called {@code name} */
    static Optional<SearchKind> of(String name) {
        return Arrays.stream(values()).filter(kind -> kind.scenario.equals(name)).findFirst();
    }

    /** @return the search for the Patient with {@code nhsNumber}, relative to the base */
    static String byNhsNumber(String nhsNumber) {
        return "Patient?identifier=" + nhsNumberToken(nhsNumber);
    }

    /** @return the search for {@code subject}, relative to the base URL, values percent-encoded */
    String query(SearchSubject subject) {
        return query.apply(subject);
    }

    /** @return whether {@code subject} has what this search looks for */
    boolean applies(SearchSubject subject) {
        return applies.test(subject);
    }

    String scenario() {
        return scenario;
    }

    /**
     * @return success for an HTTP 200 searchset Bundle with the subject's resources (see the class comment);
     *     otherwise a failure saying what was wrong
     */
    Outcome check(HttpResponse response, SearchSubject subject) {
        if (response.status() != 200) {
            return new Outcome.Failure("HTTP " + response.status());
        }
        Searchset answer;
        try {
            answer = Searchset.read(response.body());
        } catch (java.io.IOException e) {
            return new Outcome.Failure("body is not JSON");
        }
        if (!answer.searchset()) {
            return new Outcome.Failure("not a searchset Bundle");
        }
        return fault.of(answer, subject).<Outcome>map(Outcome.Failure::new).orElse(new Outcome.Success(0));
    }

    private static Optional<String> patientFound(Searchset answer, SearchSubject subject) {
        if (answer.count("Patient") == 0) {
            return Optional.of("no Patient found");
        }
        return answer.has("Patient", subject.patientId()) ? Optional.empty()
                : Optional.of("the Patient searched for is not among the matches");
    }

    /** A server that ignores the patient parameter answers with other patients' resources, which is a fault. */
    private static Optional<String> allAbout(Searchset answer, String type, SearchSubject subject) {
        if (answer.count(type) == 0) {
            return Optional.of("no " + type + " found");
        }
        return answer.allAbout(type, subject.patientId()) ? Optional.empty()
                : Optional.of(type + " of another patient among the matches");
    }

    /** What is wrong with a searchset answer to the search for a subject, if anything. */
    @FunctionalInterface
    private interface Fault {
        Optional<String> of(Searchset answer, SearchSubject subject);
    }

    private static String nhsNumberToken(String nhsNumber) {
        return encode(NHS_NUMBER + "|" + nhsNumber);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
