package org.openspine.identity.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openspine.fhir.FhirServices;
import org.openspine.fhir.access.RecordAccess;
import org.openspine.fhir.access.RecordGuard;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.rest.FhirRequest;
import org.openspine.fhir.rest.FhirResponse;
import org.openspine.fhir.search.SearchParameters;
import org.openspine.fhir.store.ReadResult;
import org.openspine.fhir.validation.ProfileValidation;
import org.openspine.identity.directory.OdsFileKind;
import org.openspine.identity.directory.OdsLoader;
import org.openspine.identity.registration.GpRegistrations.PatientKey;
import org.openspine.identity.registration.GpRegistrations.RegisterResult;
import org.openspine.platform.database.Database;
import org.openspine.platform.database.TestDatabase;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.identifier.NhsNumber;
import org.openspine.platform.security.Access;
import org.openspine.platform.security.Caller;
import org.openspine.platform.security.ProofingLevel;
import org.openspine.platform.security.RoleProfile;

/** GP registration over the real store: history, Patient.generalPractitioner, the rules and who may. */
class GpRegistrationsIT {

    private static final FhirCodec CODEC = new FhirCodec();
    private static final Database DATABASE = TestDatabase.shared();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);
    private static final FhirServices SERVICES = FhirServices.open(DATABASE, CODEC,
            SearchParameters.r4(CODEC.context().getResourceTypes()), new ProfileValidation(CODEC.context(), Optional.empty()),
            CLOCK, "test");
    private static final GpRegistrations REGISTRATIONS = new GpRegistrations(SERVICES.api(), SERVICES.search(),
            SERVICES.store(), CLOCK);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String run = "G" + ThreadLocalRandom.current().nextInt(10_000, 99_999);
    private final String first = run + "P1";
    private final String second = run + "P2";
    private String patient;

    @BeforeEach
    void directoryAndPatient() {
        String practices = practice(first, "A", "") + practice(second, "A", "") + practice(run + "P3", "C", "20200101");
        String trust = "\"" + run + "T\",\"A TRUST\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"19900101\"\n";
        DATABASE.inTransaction(connection -> {
            OdsLoader loader = new OdsLoader(SERVICES.api(), SERVICES.search());
            loader.load(connection, openSpine(), OdsFileKind.EPRACCUR, csv(practices));
            return loader.load(connection, openSpine(), OdsFileKind.ETR, csv(trust));
        });
        patient = createPatient("{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"" + NhsNumber.SYSTEM
                + "\",\"value\":\"" + nhsNumber() + "\"}],\"birthDate\":\"2001-05-17\",\"managingOrganization\":"
                + "{\"reference\":\"Organization/" + organisationId(first) + "\"}}");
    }

    @Test
    void aTransferEndsTheOldRegistrationTheDayBeforeAndMovesTheGeneralPractitioner() {
        register(openSpine(), first, LocalDate.of(2015, 4, 1));

        RegisterResult.Started moved = (RegisterResult.Started) register(openSpine(), second, LocalDate.of(2020, 6, 1));

        assertThat(moved.registration().odsCode()).isEqualTo(second);
        assertThat(moved.registration().start()).contains(LocalDate.of(2020, 6, 1));
        assertThat(moved.registration().current()).isTrue();
        Registration ended = moved.ended().orElseThrow();
        assertThat(ended.odsCode()).isEqualTo(first);
        assertThat(ended.end()).contains(LocalDate.of(2020, 5, 31));
        assertThat(ended.current()).isFalse();
        assertThat(ended.endReason()).contains(EndReason.REGISTERED_ELSEWHERE);
        JsonNode record = patientJson();
        assertThat(record.at("/generalPractitioner").size()).isEqualTo(1);
        assertThat(record.at("/generalPractitioner/0/reference").asText()).isEqualTo("Organization/" + organisationId(second));
        assertThat(record.at("/generalPractitioner/0/identifier/value").asText()).isEqualTo(second);
        assertThat(record.at("/managingOrganization/identifier/value").asText())
                .as("the record's custodian moves with the registration").isEqualTo(second);
        assertThat(history())
                .extracting(Registration::odsCode, Registration::current).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(second, true), org.assertj.core.groups.Tuple.tuple(first, false));
    }

    @Test
    void aRestrictedRecordStaysRestrictedWhenItsRegistrationChanges() {
        patient = createPatient("{\"resourceType\":\"Patient\",\"meta\":{\"security\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"R\"}]},\"identifier\":[{"
                + "\"system\":\"" + NhsNumber.SYSTEM + "\",\"value\":\"" + nhsNumber() + "\"}]}");

        register(openSpine(), first, LocalDate.of(2015, 4, 1));
        DATABASE.inTransaction(connection -> REGISTRATIONS.deregister(connection, openSpine(), new PatientKey.ById(patient),
                EndReason.CGA, Optional.empty()));

        assertThat(patientJson().at("/meta/security/0/code").asText()).isEqualTo("R");
    }

    @Test
    void registeringAgainWhereThePatientIsRegisteredChangesNothing() {
        register(openSpine(), first, LocalDate.of(2015, 4, 1));
        int version = patientVersion();

        RegisterResult again = register(openSpine(), first, LocalDate.of(2019, 1, 1));

        assertThat(again).isInstanceOf(RegisterResult.AlreadyRegistered.class);
        assertThat(again.registration().start()).contains(LocalDate.of(2015, 4, 1));
        assertThat(patientVersion()).isEqualTo(version);
    }

    @Test
    void deregisteringEndsTheRegistrationWithItsReasonAndLeavesNoGeneralPractitioner() {
        register(openSpine(), first, LocalDate.of(2015, 4, 1));

        Registration ended = DATABASE.inTransaction(connection -> REGISTRATIONS.deregister(connection, openSpine(),
                new PatientKey.ById(patient), EndReason.OPA, Optional.empty()));

        assertThat(ended.end()).contains(LocalDate.of(2025, 3, 1));
        assertThat(ended.endReason()).contains(EndReason.OPA);
        assertThat(patientJson().has("generalPractitioner")).isFalse();
        assertThat(patientJson().has("managingOrganization")).isFalse();
        JsonNode episode = episodeJson(ended.episodeId());
        assertThat(episode.at("/status").asText()).isEqualTo("finished");
        assertThat(episode.at("/extension/0/valueCodeableConcept/coding/0/system").asText()).isEqualTo(EndReason.PDS_SYSTEM);
        assertThat(episode.at("/extension/0/valueCodeableConcept/coding/0/code").asText()).isEqualTo("OPA");
        assertThatThrownBy(() -> DATABASE.inTransaction(connection -> REGISTRATIONS.deregister(connection, openSpine(),
                new PatientKey.ById(patient), EndReason.RPR, Optional.empty())))
                .isInstanceOf(OpenSpineException.Conflict.class).hasMessageContaining("no current GP registration");
    }

    @Test
    void theRulesOfDatesAndPracticesAreKept() {
        assertRefused(() -> register(openSpine(), first, LocalDate.of(2025, 3, 2)), "in the future");
        assertRefused(() -> register(openSpine(), first, LocalDate.of(2001, 5, 16)), "before the patient's birth");
        assertRefused(() -> register(openSpine(), run + "T", null), "is not a GP practice (NHS trust)");
        assertRefused(() -> register(openSpine(), run + "P3", null), "is closed");
        assertRefused(() -> register(openSpine(), run + "XX", null), "is not in the directory");
        register(openSpine(), first, LocalDate.of(2015, 4, 1));
        assertRefused(() -> register(openSpine(), second, LocalDate.of(2015, 4, 1)), "must start after the current one");
        assertRefused(() -> DATABASE.inTransaction(connection -> REGISTRATIONS.deregister(connection, openSpine(),
                new PatientKey.ById(patient), EndReason.RPR, Optional.of(LocalDate.of(2014, 1, 1)))), "before it started");
        assertRefused(() -> DATABASE.inTransaction(connection -> REGISTRATIONS.deregister(connection, openSpine(),
                new PatientKey.ById(patient), EndReason.REGISTERED_ELSEWHERE, Optional.empty())), "is not a reason");
        assertThatThrownBy(() -> DATABASE.inTransaction(connection -> REGISTRATIONS.register(connection, openSpine(),
                new PatientKey.ById("no-such-patient"), first, Optional.empty()))).isInstanceOf(OpenSpineException.NotFound.class);
        assertThat(history()).hasSize(1);
    }

    @Test
    void staffRegisterAtTheirOwnPracticeOnlyAndAReceptionistMay() {
        assertThatThrownBy(() -> register(staff("R8000", second), first, null)).isInstanceOf(OpenSpineException.Forbidden.class)
                .hasMessageContaining("at the organisation they act for (" + second + "), not at " + first);
        assertThatThrownBy(() -> register(citizen(), first, null)).isInstanceOf(OpenSpineException.Forbidden.class);
        assertThatThrownBy(() -> register(staff("R8003", first), first, null)).isInstanceOf(OpenSpineException.Forbidden.class);

        assertThat(register(staff("R8009", first), first, null)).isInstanceOf(RegisterResult.Started.class);

        assertThatThrownBy(() -> DATABASE.inTransaction(connection -> REGISTRATIONS.deregister(connection,
                staff("R8000", second), new PatientKey.ById(patient), EndReason.RPR, Optional.empty())))
                .isInstanceOf(OpenSpineException.Forbidden.class);
    }

    @Test
    void theLegitimateRelationshipFollowsTheRegistration() {
        register(openSpine(), first, LocalDate.of(2015, 4, 1));
        assertThat(mayReach(first)).isTrue();
        assertThat(mayReach(second)).isFalse();

        register(staff("R8000", second), second, null);

        assertThat(mayReach(first)).as("the old practice loses the record").isFalse();
        assertThat(mayReach(second)).as("the new practice gains it").isTrue();
        DATABASE.inTransaction(connection -> REGISTRATIONS.deregister(connection, staff("R8000", second),
                new PatientKey.ById(patient), EndReason.RPR, Optional.empty()));
        assertThat(mayReach(second)).isFalse();
    }

    @Test
    void aPatientIsFoundByNhsNumberToo() {
        String number = patientJson().at("/identifier/0/value").asText();

        RegisterResult result = DATABASE.inTransaction(connection -> REGISTRATIONS.register(connection, openSpine(),
                new PatientKey.ByNhsNumber(new NhsNumber(number)), first, Optional.empty()));

        assertThat(result.patientId()).isEqualTo(patient);
    }

    @Test
    void twoRegistrationsOfOnePatientAtOnceLeaveOneCurrentRegistration() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<String>> attempts = new ArrayList<>();
        for (String practice : List.of(first, second)) {
            attempts.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                    return register(openSpine(), practice, null).registration().odsCode();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "interrupted";
                } catch (OpenSpineException.Unprocessable refused) {
                    return "refused";
                }
            }));
        }
        start.countDown();
        List<String> outcomes = new ArrayList<>();
        for (CompletableFuture<String> attempt : attempts) {
            outcomes.add(attempt.get());
        }

        assertThat(outcomes).containsOnlyOnce("refused");
        List<Registration> history = history();
        assertThat(history).hasSize(1);
        assertThat(patientJson().at("/generalPractitioner/0/identifier/value").asText()).isEqualTo(history.get(0).odsCode());
    }

    // ---- fixtures -------------------------------------------------------------------------------

    private RegisterResult register(RecordGuard guard, String practice, LocalDate start) {
        return DATABASE.inTransaction(connection -> REGISTRATIONS.register(connection, guard, new PatientKey.ById(patient),
                practice, Optional.ofNullable(start)));
    }

    private static void assertRefused(Runnable action, String because) {
        assertThatThrownBy(action::run).isInstanceOf(OpenSpineException.Unprocessable.class).hasMessageContaining(because);
    }

    private boolean mayReach(String practice) {
        return DATABASE.read(connection -> {
            try {
                staff("R8000", practice).requireVisible(connection, SERVICES.store(), "Patient", patient);
                return true;
            } catch (OpenSpineException.Forbidden refused) {
                return false;
            }
        });
    }

    private static RecordGuard staff(String role, String practice) {
        RoleProfile profile = new RoleProfile("5550001" + role.substring(1), role, "R0260", practice);
        return SERVICES.api().guard(Access.of(new Caller.Staff("555000", "Dr Test", profile, List.of(profile))));
    }

    private static RecordGuard citizen() {
        return SERVICES.api().guard(Access.of(new Caller.Citizen("c-1", "A Citizen", "9000000009", ProofingLevel.P9)));
    }

    private static RecordGuard openSpine() {
        return SERVICES.api().guard(RecordAccess.OPENSPINE);
    }

    private static String practice(String code, String status, String closed) {
        return "\"" + code + "\",\"SURGERY " + code + "\",\"\",\"\",\"1 HIGH STREET\",\"\",\"\",\"\",\"\",\"LS1 1AA\","
                + "\"19740401\",\"" + closed + "\",\"" + status + "\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\","
                + "\"\",\"4\",\"\"\n";
    }

    private static ByteArrayInputStream csv(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String nhsNumber() {
        while (true) {
            String stem = "99" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
            int check = NhsNumber.checkDigit(stem);
            if (check >= 0) {
                return stem + check;
            }
        }
    }

    private static String createPatient(String json) {
        FhirResponse response = DATABASE.inTransaction(connection -> SERVICES.api().handle(connection, new FhirRequest("POST",
                "urn:test", List.of("Patient"), Map.of(), Map.of("content-type", "application/fhir+json"),
                new FhirRequest.Bytes(json.getBytes(StandardCharsets.UTF_8), "application/fhir+json"), openSpine())));
        return response.headers().get("Location").replaceFirst("^.*/Patient/([^/]+).*$", "$1");
    }

    private static String organisationId(String code) {
        return DATABASE.read(connection -> SERVICES.search().find(connection, "Organization",
                Map.of("identifier", List.of("https://fhir.nhs.uk/Id/ods-organization-code|" + code)), "urn:test", 1))
                .get(0).id();
    }

    private List<Registration> history() {
        return DATABASE.read(connection -> REGISTRATIONS.history(connection, patient));
    }

    private int patientVersion() {
        return DATABASE.read(connection -> ((ReadResult.Found) SERVICES.store().read(connection, "Patient", patient))
                .resource().version());
    }

    private JsonNode patientJson() {
        return read("Patient", patient);
    }

    private static JsonNode episodeJson(String id) {
        return read("EpisodeOfCare", id);
    }

    private static JsonNode read(String type, String id) {
        return DATABASE.read(connection -> {
            try {
                return JSON.readTree(((ReadResult.Found) SERVICES.store().read(connection, type, id)).resource().json());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
