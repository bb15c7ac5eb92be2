package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openspine.fhir.rest.Fixtures.BASE;
import static org.openspine.fhir.rest.Fixtures.JSON;
import static org.openspine.fhir.rest.RecordAccessFixture.ids;
import static org.openspine.fhir.rest.RecordAccessFixture.obs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openspine.platform.http.TestHttp;
import org.openspine.platform.security.Caller;
import org.openspine.platform.security.ProofingLevel;

/**
 * The authorization matrix over HTTP: every kind of demo role, each interaction, a patient with and
 * without a legitimate relationship, and break-glass, with the status each must get.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordAccessIT {

    private final TestHttp http = FhirTestServer.shared().http();
    private RecordAccessFixture f;

    @BeforeAll
    void community() {
        f = new RecordAccessFixture(http);
    }

    /** One row of the matrix: who, what, the status expected. */
    private record Case(String who, Caller caller, boolean breakGlass, String interaction, int expected) {
    }

    @Test
    void every_role_gets_the_expected_answer_for_every_interaction_on_patients_with_and_without_a_relationship() {
        // pA is registered at practice A; pB at practice B (no relationship with A or with the trust).
        Caller gp = f.gpA();
        Caller nurse = f.nurseA();
        Caller receptionist = f.receptionistA();
        Caller consultant = f.consultant();
        Caller pharmacist = f.pharmacist();
        Caller privacy = f.privacyOfficer();
        Caller patient = f.patientA(ProofingLevel.P9);
        Caller patientP5 = f.patientA(ProofingLevel.P5);
        Caller carer = f.carer();
        Caller integrator = f.integrator();
        List<Case> cases = new ArrayList<>();
        // reading a related patient's clinical record (pA for practice A staff and patient A)
        expect(cases, "read obs pA", 200, gp, nurse, integrator, patient);
        expect(cases, "read obs pA", 403, receptionist, consultant, pharmacist, privacy, carer, patientP5);
        // reading an unrelated patient's record (pB): only systems and the carer who is pB's proxy
        expect(cases, "read obs pB", 200, integrator, carer);
        expect(cases, "read obs pB", 403, gp, nurse, receptionist, consultant, pharmacist, privacy, patient);
        // demographics
        expect(cases, "read patient pA", 200, gp, nurse, receptionist, integrator, patient, patientP5);
        expect(cases, "read patient pA", 403, consultant, pharmacist, privacy, carer);
        // writing into a related patient's record
        expect(cases, "create obs pA", 201, gp, nurse, integrator);
        expect(cases, "create obs pA", 403, receptionist, consultant, pharmacist, privacy, patient, carer);
        expect(cases, "prescribe pA", 201, gp, integrator);
        expect(cases, "prescribe pA", 403, nurse, receptionist, pharmacist, patient);
        expect(cases, "update obs pA", 200, gp, nurse);
        expect(cases, "update obs pA", 403, receptionist, consultant, patient);
        expect(cases, "delete obs pA", 204, gp);
        expect(cases, "delete obs pA", 403, consultant, receptionist, patient, privacy);
        expect(cases, "create obs pB", 403, gp, nurse, consultant);
        expect(cases, "history obs pA", 200, gp);
        expect(cases, "history obs pA", 403, receptionist, privacy);
        // break-glass: clinical roles reach an unrelated patient, other roles may not break the glass
        cases.add(new Case("consultant", consultant, true, "read obs pA", 200));
        cases.add(new Case("gp", gp, true, "read obs pB", 200));
        cases.add(new Case("consultant", consultant, true, "create obs pA", 201));
        cases.add(new Case("receptionist", receptionist, true, "read patient pB", 403));
        cases.add(new Case("privacy officer", privacy, true, "read obs pB", 403));
        cases.add(new Case("pharmacist", pharmacist, true, "read obs pB", 200));
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            TestHttp.Response response = run(c);
            if (response.status() != c.expected()) {
                wrong.add(describe(c) + " gave " + response.status() + " " + response.text());
            } else if (c.expected() == 403) {
                assertThat(response.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
                assertThat(response.text()).doesNotContain(f.pA, f.pB, "Fam");
            }
        }
        assertThat(wrong).as("cases answered wrongly").isEmpty();
    }

    @Test
    void an_open_encounter_or_referral_is_a_relationship_and_a_finished_one_or_a_restricted_record_is_not() {
        TestHttp consultant = f.as(f.consultant());
        assertThat(consultant.get(BASE + "/Observation/" + obs(f.pT)).status()).isEqualTo(200);
        assertThat(consultant.get(BASE + "/Observation/" + obs(f.pRef)).status()).as("referral by ODS code")
                .isEqualTo(200);
        assertThat(consultant.get(BASE + "/Observation/" + obs(f.pDone)).status()).as("finished encounter")
                .isEqualTo(403);
        assertThat(consultant.get(BASE + "/Observation/" + obs(f.pR)).status()).as("restricted record")
                .isEqualTo(403);
        assertThat(f.as(f.gpB()).get(BASE + "/Observation/" + obs(f.pR)).status())
                .as("the restricted patient's own practice").isEqualTo(200);
    }

    @Test
    void a_binary_is_as_private_as_the_record_its_security_context_names_and_a_task_as_its_patients() {
        String binary = "bin-" + f.u;
        String task = "task-" + f.u;
        String patient = "ptask-" + f.u;
        f.patientAtB(patient);
        f.put("Binary", binary, """
                {"resourceType":"Binary","id":"%s","contentType":"application/pdf","data":"JVBERi0xLjQ=",
                 "securityContext":{"reference":"Patient/%s"}}""".formatted(binary, f.pA));
        f.put("Task", task, """
                {"resourceType":"Task","id":"%s","status":"requested","intent":"order","for":{"reference":"Patient/%s"},
                 "owner":{"reference":"Organization/org-t-%s"}}""".formatted(task, patient, f.u));

        assertThat(f.as(f.gpA()).get(BASE + "/Binary/" + binary).status()).isEqualTo(200);
        assertThat(f.as(f.gpB()).get(BASE + "/Binary/" + binary).status()).isEqualTo(403);
        assertThat(f.as(f.receptionistA()).get(BASE + "/Binary/" + binary).status()).as("a letter is clinical")
                .isEqualTo(403);
        assertThat(f.as(f.patientA(ProofingLevel.P9)).get(BASE + "/Binary/" + binary).status()).isEqualTo(200);
        assertThat(ids(f.as(f.gpB()).get(BASE + "/Binary?_id=" + binary))).isEmpty();
        assertThat(f.as(f.gpB()).get(BASE + "/Task/" + task).status()).isEqualTo(200);
        assertThat(f.as(f.gpA()).get(BASE + "/Task/" + task).status()).isEqualTo(403);
        assertThat(f.as(f.consultant()).get(BASE + "/Observation/" + obs(patient)).status())
                .as("an open task owned by the trust is a relationship").isEqualTo(200);

        // a task says what is to be done about the patient (a review task names the letter): it is the record's
        String own = "task-a-" + f.u;
        f.put("Task", own, """
                {"resourceType":"Task","id":"%s","status":"requested","intent":"order","for":{"reference":"Patient/%s"},
                 "description":"Review the sexual health clinic letter"}""".formatted(own, f.pA));
        assertThat(f.as(f.gpA()).get(BASE + "/Task/" + own).status()).isEqualTo(200);
        assertThat(f.as(f.patientA(ProofingLevel.P9)).get(BASE + "/Task/" + own).status()).isEqualTo(200);
        assertThat(f.as(f.receptionistA()).get(BASE + "/Task/" + own).status()).as("a receptionist").isEqualTo(403);
        assertThat(f.as(f.patientA(ProofingLevel.P5)).get(BASE + "/Task/" + own).status()).as("P5: demographics only")
                .isEqualTo(403);
        assertThat(f.as(f.receptionistA()).get(BASE + "/Task?patient=" + f.pA).status()).isEqualTo(403);
    }

    @Test
    void writing_a_task_or_a_referral_for_an_unrelated_patient_grants_the_writer_no_access() {
        TestHttp gpA = f.as(f.gpA());
        TestHttp.Response task = gpA.post(BASE + "/Task", JSON, """
                {"resourceType":"Task","status":"requested","intent":"order","for":{"reference":"Patient/%s"},
                 "owner":{"reference":"Organization/org-a-%s"}}""".formatted(f.pB, f.u));
        assertThat(task.status()).as("an open task owned by the writer's own practice").isEqualTo(403);
        TestHttp.Response referral = gpA.post(BASE + "/ServiceRequest", JSON, """
                {"resourceType":"ServiceRequest","status":"active","intent":"order","subject":{"reference":"Patient/%s"},
                 "performer":[{"reference":"Organization/org-a-%s"}]}""".formatted(f.pB, f.u));
        assertThat(referral.status()).as("an open referral to the writer's own practice").isEqualTo(403);
        assertThat(gpA.get(BASE + "/Observation/" + obs(f.pB)).status()).as("still no access").isEqualTo(403);
        assertThat(gpA.post(BASE + "/ServiceRequest", JSON, """
                {"resourceType":"ServiceRequest","status":"active","intent":"order","subject":{"reference":"Patient/%s"},
                 "performer":[{"reference":"Organization/org-a-%s"}]}""".formatted(f.pA, f.u)).status())
                .as("the same referral for the GP's own registered patient").isEqualTo(201);

        // a first contact is break-glass: audited and alerted, and the encounter it records is a relationship after
        String walkIn = "pwalk-" + f.u;
        f.patientAtB(walkIn);
        String encounter = """
                {"resourceType":"Encounter","status":"in-progress","class":{"code":"EMER"},"subject":{"reference":"Patient/%s"},
                 "serviceProvider":{"reference":"Organization/org-a-%s"}}""".formatted(walkIn, f.u);
        assertThat(gpA.post(BASE + "/Encounter", JSON, encounter).status()).isEqualTo(403);
        assertThat(f.breakingGlass(f.gpA(), "POST", BASE + "/Encounter").header("Content-Type", JSON).body(encounter)
                .send().status()).as("breaking the glass").isEqualTo(201);
        assertThat(gpA.get(BASE + "/Observation/" + obs(walkIn)).status()).as("through the open encounter").isEqualTo(200);
    }

    @Test
    void patient_data_that_names_no_patient_is_written_only_by_callers_who_see_every_record() {
        String observation = """
                {"resourceType":"Observation","status":"final","code":{"text":"no subject"}}""";
        String binary = """
                {"resourceType":"Binary","contentType":"application/pdf","data":"JVBERi0xLjQ="}""";
        for (Caller staff : List.of(f.gpA(), f.nurseA())) {
            TestHttp.Response refused = f.as(staff).post(BASE + "/Observation", JSON, observation);
            assertThat(refused.status()).as("an Observation without a subject from " + staff).isEqualTo(422);
            assertThat(refused.text()).contains("names no patient");
        }
        assertThat(f.as(f.gpA()).post(BASE + "/Binary", JSON, binary).status())
                .as("a Binary without a securityContext from a GP").isEqualTo(422);
        assertThat(f.as(f.integrator()).post(BASE + "/Binary", JSON, binary).status())
                .as("a system, which may see every record").isEqualTo(201);
        assertThat(f.as(f.gpA()).post(BASE + "/Observation", JSON, """
                {"resourceType":"Observation","status":"final","code":{"text":"filed"},"subject":{"reference":"Patient/%s"}}"""
                .formatted(f.pA)).status()).as("the same Observation in a record the GP may see").isEqualTo(201);
    }

    @Test
    void a_filed_letter_is_read_by_its_patient_and_their_clinicians_and_a_restricted_one_by_the_clinicians_only() {
        String open = "letter-" + f.u;
        String restricted = "letter-r-" + f.u;
        for (String letter : List.of(open, restricted)) {
            String security = letter.equals(restricted) ? """
                    "meta":{"security":[{"system":"%s","code":"R"}]},""".formatted(RecordAccessFixture.CONFIDENTIALITY)
                    : "";
            f.put("Binary", letter, """
                    {"resourceType":"Binary","id":"%s",%s"contentType":"application/pdf","data":"JVBERi0xLjQ=",
                     "securityContext":{"reference":"Patient/%s"}}""".formatted(letter, security, f.pA));
            f.put("DocumentReference", letter, """
                    {"resourceType":"DocumentReference","id":"%s",%s"status":"current","subject":{"reference":"Patient/%s"},
                     "content":[{"attachment":{"contentType":"application/pdf","url":"Binary/%s"}}]}"""
                    .formatted(letter, security, f.pA, letter));
        }
        List<String> wrong = new ArrayList<>();
        for (String type : List.of("DocumentReference", "Binary")) {
            String path = BASE + "/" + type + "/" + open;
            expectStatus(wrong, path, 200, f.gpA(), f.nurseA(), f.integrator(), f.patientA(ProofingLevel.P9));
            expectStatus(wrong, path, 403, f.gpB(), f.receptionistA(), f.consultant(), f.pharmacist(),
                    f.privacyOfficer(), f.carer(), f.patientA(ProofingLevel.P5));
            String confidential = BASE + "/" + type + "/" + restricted;
            expectStatus(wrong, confidential, 200, f.gpA());
            expectStatus(wrong, confidential, 403, f.patientA(ProofingLevel.P9), f.gpB());
        }
        assertThat(wrong).as("reads answered wrongly").isEmpty();
        assertThat(ids(f.as(f.patientA(ProofingLevel.P9)).get(BASE + "/DocumentReference?subject=Patient/" + f.pA)))
                .contains("DocumentReference/" + open).doesNotContain("DocumentReference/" + restricted);
        assertThat(ids(f.as(f.pharmacist()).get(BASE + "/DocumentReference?subject=Patient/" + f.pA))).isEmpty();
    }

    @Test
    void ending_the_encounter_ends_the_access() {
        String patient = "pend-" + f.u;
        String encounter = "enc-end-" + f.u;
        f.patientAtB(patient);
        String open = """
                {"resourceType":"Encounter","id":"%s","status":"%s","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"IMP"},
                 "subject":{"reference":"Patient/%s"},"serviceProvider":{"reference":"Organization/org-t-%s"}}""";
        f.put("Encounter", encounter, open.formatted(encounter, "in-progress", patient, f.u));
        TestHttp consultant = f.as(f.consultant());
        assertThat(consultant.get(BASE + "/Observation/" + obs(patient)).status()).isEqualTo(200);
        f.put("Encounter", encounter, open.formatted(encounter, "finished", patient, f.u));
        assertThat(consultant.get(BASE + "/Observation/" + obs(patient)).status()).isEqualTo(403);
    }

    @Test
    void a_patient_sees_their_own_record_without_the_entries_marked_confidential_and_a_clinician_sees_them() {
        String search = BASE + "/Observation?subject=Patient/" + f.pA;
        assertThat(ids(f.as(f.patientA(ProofingLevel.P9)).get(search)))
                .contains("Observation/" + obs(f.pA)).doesNotContain("Observation/" + f.obsConfidential);
        assertThat(ids(f.as(f.gpA()).get(search)))
                .contains("Observation/" + obs(f.pA), "Observation/" + f.obsConfidential);
        assertThat(f.as(f.patientA(ProofingLevel.P9)).get(BASE + "/Observation/" + f.obsConfidential).status())
                .isEqualTo(403);
    }

    @Test
    void requests_without_a_valid_token_are_refused_and_the_capability_statement_is_public() {
        TestHttp anonymous = new TestHttp(http.base());
        TestHttp.Response refused = anonymous.get(BASE + "/Patient/" + f.pA);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(anonymous.get(BASE + "/Nothing/here").status()).isEqualTo(401);
        assertThat(anonymous.as("Bearer not-a-token").get(BASE + "/Patient").status()).isEqualTo(401);
        assertThat(anonymous.get(BASE + "/metadata").status()).isEqualTo(200);
    }

    // ---- the interactions of the matrix ---------------------------------------------------------

    private void expectStatus(List<String> wrong, String path, int status, Caller... callers) {
        for (Caller caller : callers) {
            int got = f.as(caller).get(path).status();
            if (got != status) {
                wrong.add(caller.displayName() + ": GET " + path + " expected " + status + " gave " + got);
            }
        }
    }

    private void expect(List<Case> cases, String interaction, int status, Caller... callers) {
        for (Caller caller : callers) {
            cases.add(new Case(caller.displayName(), caller, false, interaction, status));
        }
    }

    private TestHttp.Response run(Case c) {
        Function<String, String> patientOf = word -> switch (word) {
            case "pA" -> f.pA;
            case "pB" -> f.pB;
            default -> throw new IllegalArgumentException(word);
        };
        String[] words = c.interaction().split(" ");
        String patient = patientOf.apply(words[words.length - 1]);
        TestHttp.Call call = switch (words[0] + " " + words[1]) {
            case "read obs" -> call(c, "GET", BASE + "/Observation/" + obs(patient));
            case "read patient" -> call(c, "GET", BASE + "/Patient/" + patient);
            case "history obs" -> call(c, "GET", BASE + "/Observation/" + obs(patient) + "/_history");
            case "create obs" -> call(c, "POST", BASE + "/Observation").header("Content-Type", JSON)
                    .body(RecordAccessFixture.observationJson(null, patient, null, false, f.code));
            case "prescribe " + "pA", "prescribe pB" -> call(c, "POST", BASE + "/MedicationRequest")
                    .header("Content-Type", JSON).body("""
                            {"resourceType":"MedicationRequest","status":"active","intent":"order",
                             "medicationCodeableConcept":{"text":"Amoxicillin 500mg capsules"},
                             "subject":{"reference":"Patient/%s"}}""".formatted(patient));
            case "update obs" -> call(c, "PUT", BASE + "/Observation/" + obs(patient)).header("Content-Type", JSON)
                    .body(RecordAccessFixture.observationJson(obs(patient), patient, null, false, f.code));
            case "delete obs" -> {
                // delete a fresh Observation so the other cases keep theirs
                String id = "del-" + Fixtures.unique().substring(0, 8);
                f.observation(id, patient, null, false);
                yield call(c, "DELETE", BASE + "/Observation/" + id);
            }
            default -> throw new IllegalArgumentException(c.interaction());
        };
        return call.send();
    }

    private TestHttp.Call call(Case c, String method, String path) {
        return c.breakGlass() ? f.breakingGlass(c.caller(), method, path) : f.as(c.caller()).request(method, path);
    }

    private static String describe(Case c) {
        return c.who() + (c.breakGlass() ? " (break-glass)" : "") + ": " + c.interaction() + " expected " + c.expected();
    }
}
