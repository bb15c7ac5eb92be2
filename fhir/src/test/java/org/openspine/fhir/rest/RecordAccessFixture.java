package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openspine.fhir.rest.Fixtures.BASE;
import static org.openspine.fhir.rest.Fixtures.JSON;

import java.util.List;
import java.util.Random;
import java.util.Set;
import org.openspine.platform.identifier.NhsNumber;
import org.openspine.platform.http.TestHttp;
import org.openspine.platform.security.Caller;
import org.openspine.platform.security.ProofingLevel;
import org.openspine.platform.security.RoleProfile;
import org.openspine.platform.security.token.TestTokens;

/**
 * A small care community for access tests, unique to each instance so tests never see each other's
 * data: two GP practices (A and B), a hospital trust and a pharmacy, and patients whose
 * relationships with them differ in one way each.
 * <ul>
 * <li>{@code pA}: registered at practice A; a confidential Observation {@code obsConfidential};</li>
 * <li>{@code pB}: registered at practice B; their carer holds a proxy link;</li>
 * <li>{@code pT}: registered at B, in hospital now (an open Encounter at the trust);</li>
 * <li>{@code pR}: like pT but with a restricted (sensitive) record;</li>
 * <li>{@code pRef}: registered at B with an open referral to the trust, naming it by ODS code only;</li>
 * <li>{@code pDone}: registered at B, with a finished Encounter at the trust.</li>
 * </ul>
 * Each patient has one Observation {@code obs<X>} coded {@link #code}.
 */
final class RecordAccessFixture {

    static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";
    static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";

    final String u = Fixtures.unique().substring(0, 8);
    final String code = "code-" + u;
    final String odsA = "A" + u;
    final String odsB = "B" + u;
    final String odsTrust = "T" + u;
    final String odsPharmacy = "F" + u;
    final String nhsA = nhsNumber();
    final String nhsCarer = nhsNumber();
    final String pA = "pa-" + u;
    final String pB = "pb-" + u;
    final String pT = "pt-" + u;
    final String pR = "pr-" + u;
    final String pRef = "pref-" + u;
    final String pDone = "pdone-" + u;
    final String obsConfidential = "obs-conf-" + u;
    final String encounterT = "enc-t-" + u;

    private final TestHttp admin;
    private final String base;

    RecordAccessFixture(TestHttp http) {
        this.base = http.base();
        this.admin = http.as(TestTokens.bearer(TestTokens.integrator()));
        organisation("org-a-" + u, odsA);
        organisation("org-b-" + u, odsB);
        organisation("org-t-" + u, odsTrust);
        organisation("org-f-" + u, odsPharmacy);
        patient(pA, "org-a-" + u, nhsA, false);
        patient(pB, "org-b-" + u, nhsNumber(), false);
        patient(pT, "org-b-" + u, nhsNumber(), false);
        patient(pR, "org-b-" + u, nhsNumber(), true);
        patient(pRef, "org-b-" + u, nhsNumber(), false);
        patient(pDone, "org-b-" + u, nhsNumber(), false);
        encounter(encounterT, pT, "in-progress");
        encounter("enc-r-" + u, pR, "in-progress");
        encounter("enc-done-" + u, pDone, "finished");
        put("ServiceRequest", "ref-" + u, """
                {"resourceType":"ServiceRequest","id":"ref-%s","status":"active","intent":"order",
                 "subject":{"reference":"Patient/%s"},
                 "performer":[{"type":"Organization","identifier":{"system":"%s","value":"%s"}}]}"""
                .formatted(u, pRef, ODS, odsTrust));
        put("RelatedPerson", "carer-" + u, """
                {"resourceType":"RelatedPerson","id":"carer-%s","active":true,"patient":{"reference":"Patient/%s"},
                 "identifier":[{"system":"%s","value":"%s"}]}""".formatted(u, pB, NhsNumber.SYSTEM, nhsCarer));
        for (String patient : List.of(pA, pB, pT, pR, pRef, pDone)) {
            observation(obs(patient), patient, null, false);
        }
        observation(obsConfidential, pA, null, true);
    }

    // ---- callers --------------------------------------------------------------------------------

    Caller.Staff staff(String roleCode, String jobRole, String ods) {
        RoleProfile role = new RoleProfile("urid-" + roleCode + "-" + ods, roleCode, jobRole, ods);
        return new Caller.Staff("user-" + roleCode + "-" + ods, "Test " + roleCode, role, List.of(role));
    }

    Caller.Staff gpA() {
        return staff("R8000", "R0260", odsA);
    }

    Caller.Staff gpB() {
        return staff("R8000", "R0260", odsB);
    }

    Caller.Staff nurseA() {
        return staff("R8001", "R0570", odsA);
    }

    Caller.Staff receptionistA() {
        return staff("R8009", "R1730", odsA);
    }

    Caller.Staff consultant() {
        return staff("R8000", "R0050", odsTrust);
    }

    Caller.Staff pharmacist() {
        return staff("R8003", "R1290", odsPharmacy);
    }

    Caller.Staff privacyOfficer() {
        return staff("R0001", "R0001", odsA);
    }

    Caller.Citizen patientA(ProofingLevel level) {
        return new Caller.Citizen("citizen-" + u, "Patient A", nhsA, level);
    }

    Caller.Citizen carer() {
        return new Caller.Citizen("carer-" + u, "Carer", nhsCarer, ProofingLevel.P9);
    }

    Caller.SystemClient integrator() {
        return TestTokens.integrator();
    }

    /** @return a client acting as {@code caller} */
    TestHttp as(Caller caller) {
        return new TestHttp(base).as(TestTokens.bearer(caller));
    }

    /** @return a client acting as {@code caller}, who breaks the glass */
    TestHttp.Call breakingGlass(Caller caller, String method, String path) {
        return as(caller).request(method, path).header("X-Break-Glass-Reason", "unconscious in A&E");
    }

    // ---- data -----------------------------------------------------------------------------------

    static String obs(String patient) {
        return "obs-" + patient;
    }

    /** An Observation of {@code patient}, optionally with a performer and a confidentiality label. */
    static String observationJson(String id, String patient, String performer, boolean confidential, String code) {
        return """
                {"resourceType":"Observation",%s"status":"final",%s
                 "code":{"coding":[{"system":"urn:test","code":"%s"}]},"subject":{"reference":"Patient/%s"}%s}"""
                .formatted(id == null ? "" : "\"id\":\"" + id + "\",",
                        confidential ? "\"meta\":{\"security\":[{\"system\":\"" + CONFIDENTIALITY + "\",\"code\":\"R\"}]}," : "",
                        code, patient, performer == null ? "" : ",\"performer\":[{\"reference\":\"" + performer + "\"}]");
    }

    /** Writes a Patient registered at practice B, with no NHS Number, and one Observation ({@link #obs}). */
    void patientAtB(String id) {
        put("Patient", id, """
                {"resourceType":"Patient","id":"%s","generalPractitioner":[{"reference":"Organization/org-b-%s"}]}"""
                .formatted(id, u));
        observation(obs(id), id, null, false);
    }

    void observation(String id, String patient, String performer, boolean confidential) {
        put("Observation", id, observationJson(id, patient, performer, confidential, code));
    }

    private void organisation(String id, String ods) {
        put("Organization", id, """
                {"resourceType":"Organization","id":"%s","identifier":[{"system":"%s","value":"%s"}],"name":"%s"}"""
                .formatted(id, ODS, ods, ods));
    }

    private void patient(String id, String practice, String nhsNumber, boolean restricted) {
        put("Patient", id, """
                {"resourceType":"Patient","id":"%s",%s"identifier":[{"system":"%s","value":"%s"}],
                 "name":[{"family":"Fam%s","given":["Ann"]}],"generalPractitioner":[{"reference":"Organization/%s"}]}"""
                .formatted(id, restricted
                        ? "\"meta\":{\"security\":[{\"system\":\"" + CONFIDENTIALITY + "\",\"code\":\"R\"}]}," : "",
                        NhsNumber.SYSTEM, nhsNumber, id.replace("-", ""), practice));
    }

    private void encounter(String id, String patient, String status) {
        put("Encounter", id, """
                {"resourceType":"Encounter","id":"%s","status":"%s","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"IMP"},
                 "subject":{"reference":"Patient/%s"},"serviceProvider":{"reference":"Organization/org-t-%s"}}"""
                .formatted(id, status, patient, u));
    }

    void put(String type, String id, String json) {
        TestHttp.Response response = admin.put(BASE + "/" + type + "/" + id, JSON, json);
        assertThat(response.status()).as(response.text()).isIn(200, 201);
    }

    private static final Random RANDOM = new Random();

    /** @return a random valid NHS Number (Modulus 11) */
    static String nhsNumber() {
        while (true) {
            String stem = String.format("%09d", RANDOM.nextInt(1_000_000_000));
            int check = NhsNumber.checkDigit(stem);
            if (check >= 0 && check <= 9) {
                return stem + check;
            }
        }
    }

    /** @return the ids of a bundle's entries, as Type/id */
    static Set<String> ids(TestHttp.Response bundle) {
        assertThat(bundle.status()).as(bundle.text()).isEqualTo(200);
        java.util.Set<String> ids = new java.util.TreeSet<>();
        bundle.json().path("entry").forEach(e -> {
            if (e.has("resource") && !e.path("resource").path("resourceType").asText().equals("OperationOutcome")) {
                ids.add(e.path("resource").path("resourceType").asText() + "/" + e.path("resource").path("id").asText());
            }
        });
        return ids;
    }
}
