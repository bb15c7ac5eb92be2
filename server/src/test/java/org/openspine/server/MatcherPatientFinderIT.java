package org.openspine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openspine.exchange.filing.FilingSettings;
import org.openspine.exchange.filing.LetterFiling;
import org.openspine.exchange.filing.QueueReason;
import org.openspine.exchange.filing.Workqueue;
import org.openspine.exchange.filing.WorkqueueItem;
import org.openspine.exchange.mailbox.Assurance;
import org.openspine.exchange.mailbox.Mailbox;
import org.openspine.exchange.mailbox.Mailboxes;
import org.openspine.exchange.mailbox.PasswordSeal;
import org.openspine.exchange.mailbox.Workflow;
import org.openspine.exchange.mailbox.Workflows;
import org.openspine.exchange.message.Envelope;
import org.openspine.exchange.message.ExchangeSettings;
import org.openspine.exchange.message.Outbox;
import org.openspine.exchange.message.PayloadAssurance;
import org.openspine.fhir.FhirServices;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.model.MediaType;
import org.openspine.fhir.search.SearchParameters;
import org.openspine.fhir.store.StoredResource;
import org.openspine.fhir.validation.ProfileValidation;
import org.openspine.platform.audit.AuditTrail;
import org.openspine.platform.audit.TestAudit;
import org.openspine.platform.database.Database;
import org.openspine.platform.database.TestDatabase;
import org.openspine.platform.security.token.TestClock;

/**
 * Auto-filing with the identity module's matcher behind its PatientFinder port, on a database of its own: letters
 * without an NHS Number filed despite a misspelt name, twins without a given name and a contradicted NHS Number
 * queued for a person.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MatcherPatientFinderIT {

    private static final String WORKFLOW = "MATCHER_TEST_LETTER";
    private static final String NHS = "https://fhir.nhs.uk/Id/nhs-number";

    private final TestClock clock = new TestClock(Instant.parse("2026-11-21T09:00:00Z"));
    private final FhirCodec codec = new FhirCodec();
    private final Database database = TestDatabase.fresh("matcher_filing");
    private final FhirServices fhir = FhirServices.open(database, codec,
            SearchParameters.r4(codec.context().getResourceTypes()), new ProfileValidation(codec.context(), Optional.empty()),
            clock, "test", OpenSpine.DERIVED_PARAMS);
    private final LetterFiling filing = new LetterFiling(database, codec, fhir.store(), fhir.search(),
            new AuditTrail(TestAudit.key()), new MatcherPatientFinder(fhir.search()),
            FilingSettings.DEFAULTS.withoutSettling(), clock);
    private final Mailboxes mailboxes = new Mailboxes(PasswordSeal.ephemeral());
    private String practiceId;
    private String practiceMailbox;
    private String hospitalMailbox;

    @BeforeAll
    void directory() {
        practiceId = create("""
                {"resourceType":"Organization","identifier":[{"system":"https://fhir.nhs.uk/Id/ods-organization-code",
                 "value":"M85001"}],"active":true,"type":[{"coding":[{"system":
                 "https://fhir.nhs.uk/CodeSystem/organisation-role","code":"76"}]}],"name":"Matcher surgery"}""");
        database.inTransaction(connection -> {
            new Workflows().define(connection, new Workflow(WORKFLOW, "Letters", Duration.ofDays(1), Assurance.NONE, true));
            mailboxes.save(connection, new Mailbox("MATCHGP1", "M85001", "Practice", true), "p", Set.of(), clock.instant());
            mailboxes.save(connection, new Mailbox("MATCHRX1", "RX1", "Hospital", true), "p", Set.of(), clock.instant());
            return null;
        });
        practiceMailbox = "MATCHGP1";
        hospitalMailbox = "MATCHRX1";
    }

    @AfterAll
    void close() {
        database.close();
    }

    @Test
    void aLetterWithoutAnNhsNumberIsFiledIntoTheOnePatientItsMisspeltDemographicsMatch() {
        String patient = patient("9434765919", "Smith", "Jane", "1970-03-14", "LS1 4AP");
        patient(null, "Smith", "John", "1968-11-02", "LS1 4AP");

        String message = send(letter(null, "Smyth", "Jane", "1970-03-14", "LS1 4AP"));
        filing.fileBatch(100);

        assertThat(filedInto(message)).contains("Patient/" + patient);
    }

    @Test
    void twinsAndALetterWithoutAGivenNameGoToTheWorkqueueWithBoth() {
        String first = patient(null, "Hartley", "Amelia", "2015-06-01", "LS6 2QT");
        String second = patient(null, "Hartley", "Olivia", "2015-06-01", "LS6 2QT");

        String message = send(letter(null, "Hartley", null, "2015-06-01", "LS6 2QT"));
        filing.fileBatch(100);

        WorkqueueItem item = queued(message);
        assertThat(item.reason()).isEqualTo(QueueReason.AMBIGUOUS);
        assertThat(item.candidates()).containsExactlyInAnyOrder(first, second);
        assertThat(filedInto(message)).isEmpty();
    }

    @Test
    void anNhsNumberWhoseRecordHasAnotherBirthDateIsNotFiledUnchecked() {
        String mother = patient("9000000009", "Bennett", "Grace", "1990-02-11", "LS8 4HW");

        String message = send(letter("9000000009", "Bennett", "Baby", "2026-11-19", "LS8 4HW"));
        filing.fileBatch(100);

        WorkqueueItem item = queued(message);
        assertThat(item.reason()).isEqualTo(QueueReason.UNMATCHED);
        assertThat(item.candidates()).contains(mother);
        assertThat(filedInto(message)).isEmpty();
    }

    @Test
    void aTransposedBirthDateWithTheRightNhsNumberIsStillFiled() {
        String patient = patient("9449305552", "Okoro", "Chidi", "1984-07-05", "LS9 7TF");

        String message = send(letter("9449305552", "Okoro", "Chidi", "1984-05-07", "LS9 7TF"));
        filing.fileBatch(100);

        assertThat(filedInto(message)).contains("Patient/" + patient);
    }

    private String patient(String nhsNumber, String family, String given, String birthDate, String postcode) {
        return create("{\"resourceType\":\"Patient\"," + (nhsNumber == null ? "" : "\"identifier\":[{\"system\":\"" + NHS
                + "\",\"value\":\"" + nhsNumber + "\"}],") + "\"name\":[{\"family\":\"" + family + "\",\"given\":[\"" + given
                + "\"]}],\"gender\":\"female\",\"birthDate\":\"" + birthDate + "\",\"address\":[{\"postalCode\":\"" + postcode
                + "\"}],\"generalPractitioner\":[{\"reference\":\"Organization/" + practiceId + "\"}]}");
    }

    /** @return a discharge summary whose patient has these details (any may be null) */
    private static byte[] letter(String nhsNumber, String family, String given, String birthDate, String postcode) {
        String patient = "{\"resourceType\":\"Patient\"" + (nhsNumber == null ? "" : ",\"identifier\":[{\"system\":\"" + NHS
                + "\",\"value\":\"" + nhsNumber + "\"}]") + ",\"name\":[{\"family\":\"" + family + "\""
                + (given == null ? "" : ",\"given\":[\"" + given + "\"]") + "}],\"gender\":\"female\",\"birthDate\":\""
                + birthDate + "\",\"address\":[{\"postalCode\":\"" + postcode + "\"}]}";
        return ("{\"resourceType\":\"Bundle\",\"type\":\"document\",\"entry\":[{\"fullUrl\":\"urn:uuid:" + UUID.randomUUID()
                + "\",\"resource\":{\"resourceType\":\"Composition\",\"status\":\"final\",\"type\":{\"text\":\"Discharge\"},"
                + "\"date\":\"2026-11-20\",\"title\":\"Discharge summary\",\"author\":[{\"display\":\"Dr Lind\"}],"
                + "\"subject\":{\"reference\":\"urn:uuid:p\"}}},{\"fullUrl\":\"urn:uuid:p\",\"resource\":" + patient + "}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private String send(byte[] letter) {
        Envelope envelope = new Envelope(hospitalMailbox, practiceMailbox, WORKFLOW, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of("application/fhir+json"), false, false, false, Optional.empty(), 1);
        return database.inTransaction(connection -> new Outbox(mailboxes, PayloadAssurance.NONE, ExchangeSettings.MESH,
                clock).send(connection, envelope, new ByteArrayInputStream(letter))).messageId();
    }

    /** @return the subject of the DocumentReference filed from the message, if one was */
    private Optional<String> filedInto(String message) {
        return database.read(connection -> fhir.search().find(connection, "DocumentReference", Map.of("identifier",
                List.of("https://openspine.org/Id/mesh-message-id|" + message)), "urn:test", 2)).stream()
                .map(StoredResource::patientId).flatMap(Optional::stream).map(id -> "Patient/" + id).findFirst();
    }

    private WorkqueueItem queued(String message) {
        return database.read(connection -> new Workqueue().forMessage(connection, message)).orElseThrow();
    }

    private String create(String json) {
        return database.inTransaction(connection -> fhir.store().create(connection,
                codec.parseStrict(json.getBytes(StandardCharsets.UTF_8), MediaType.JSON))).id();
    }
}
