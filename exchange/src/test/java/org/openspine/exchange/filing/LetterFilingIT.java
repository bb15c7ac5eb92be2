package org.openspine.exchange.filing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openspine.exchange.filing.FilingWorld.Site;
import org.openspine.exchange.mailbox.Mailbox;
import org.openspine.fhir.rest.FhirRequest;
import org.openspine.fhir.rest.FhirResponse;
import org.openspine.fhir.store.StoredResource;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.security.Access;
import org.openspine.platform.security.Caller;
import org.openspine.platform.security.RoleProfile;

/**
 * Auto-filing on the real store: letters filed by NHS Number and by the finder, everything that goes to the
 * workqueue instead, nothing acknowledged that is neither, a failed write leaving the letter in the inbox, two
 * workers filing each letter once, and a released backlog filed in order with one summary task per patient.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LetterFilingIT {

    private static final String FHIR_JSON = "application/fhir+json";
    private final FilingWorld world = new FilingWorld("letter_filing");
    private final FilingSettings settings = FilingSettings.DEFAULTS.withoutSettling();

    @AfterAll
    void close() {
        world.database.close();
    }

    // ---- filed ----------------------------------------------------------------------------------

    @Test
    void aDocumentWithAKnownNhsNumberIsFiledWithItsEntriesAwaitingReviewAndOnlyThenAcknowledged() {
        Site practice = world.practice();
        String nhsNumber = FilingWorld.nhsNumber();
        String patient = world.patient(nhsNumber, "Smith", "Jane", "1970-03-14", "LS1 4AP", practice);
        byte[] letter = TestLetters.document("2026-11-20T15:30:00+00:00").patient(nhsNumber, "Smith", "Jane", "1970-03-14",
                "LS1 4AP").condition("44054006", "Diabetes mellitus type 2").allergy("91936005", "Allergy to penicillin")
                .observation("27113001", "Body weight", 72.5, "kg").json();
        String message = world.send(practice.mailboxId(), FHIR_JSON, letter);

        int acknowledged = world.filing(PatientFinder.NONE, settings).fileBatch(100);

        assertThat(acknowledged).isGreaterThanOrEqualTo(1);
        assertThat(world.status(message)).isEqualTo("acknowledged");
        JsonNode document = single(world.documentsOf(message));
        assertThat(document.path("status").asText()).isEqualTo("current");
        assertThat(document.path("docStatus").asText()).isEqualTo("final");
        assertThat(document.path("subject").path("reference").asText()).isEqualTo("Patient/" + patient);
        assertThat(document.path("type").path("coding").path(0).path("code").asText()).isEqualTo("373942005");
        assertThat(document.path("date").asText()).isEqualTo("2026-11-20T15:30:00Z");
        assertThat(document.path("author").path(0).path("display").asText()).isEqualTo("Dr Rosa Lind");
        assertThat(document.path("author").path(0).path("identifier").path("value").asText()).isEqualTo("C1234567");
        assertThat(document.path("author").path(0).has("reference")).isFalse();
        assertThat(document.path("custodian").path("identifier").path("value").asText()).isEqualTo("RR8");
        assertThat(document.path("meta").path("tag").toString()).contains("auto-filed").doesNotContain("delayed");
        JsonNode attachment = document.path("content").path(0).path("attachment");
        assertThat(attachment.path("contentType").asText()).isEqualTo(FHIR_JSON);
        assertThat(attachment.path("size").asInt()).isEqualTo(letter.length);
        JsonNode binary = world.read(attachment.path("url").asText());
        assertThat(Base64.getDecoder().decode(binary.path("data").asText())).isEqualTo(letter);
        assertThat(binary.path("securityContext").path("reference").asText()).isEqualTo("Patient/" + patient);

        List<String> related = new ArrayList<>();
        document.path("context").path("related").forEach(r -> related.add(r.path("reference").asText()));
        assertThat(related).hasSize(3);
        JsonNode condition = world.read(related.stream().filter(r -> r.startsWith("Condition/")).findFirst().orElseThrow());
        assertThat(condition.path("subject").path("reference").asText()).isEqualTo("Patient/" + patient);
        assertThat(condition.path("verificationStatus").path("coding").path(0).path("code").asText()).isEqualTo("unconfirmed");
        assertThat(condition.path("extension").path(0).path("valueCodeableConcept").path("coding").path(0).path("code")
                .asText()).isEqualTo("confirmed");
        assertThat(condition.path("meta").path("tag").path(0).path("code").asText()).isEqualTo("awaiting-clinician-review");
        assertThat(condition.path("asserter").has("reference")).isFalse();
        assertThat(condition.path("asserter").path("display").asText()).isEqualTo("Dr Rosa Lind");
        JsonNode observation = world.read(related.stream().filter(r -> r.startsWith("Observation/")).findFirst().orElseThrow());
        assertThat(observation.path("status").asText()).isEqualTo("final");
        assertThat(observation.path("meta").path("source").asText()).isEqualTo("urn:openspine:mesh-message:" + message);

        assertThat(world.find("Condition", Map.of("patient", List.of("Patient/" + patient),
                "_tag", List.of("https://openspine.org/CodeSystem/review|awaiting-clinician-review")))).hasSize(1);
        JsonNode review = single(world.find("Task", Map.of("focus", List.of("DocumentReference/" + document.path("id").asText()))));
        assertThat(review.path("status").asText()).isEqualTo("requested");
        assertThat(review.path("owner").path("reference").asText()).isEqualTo("Organization/" + practice.organisationId());
        assertThat(review.path("code").path("coding").path(0).path("code").asText()).isEqualTo("review-document");
        assertThat(world.tracking(message)).containsSubsequence("filed DocumentReference/" + document.path("id").asText(),
                "acknowledged");
        assertThat(world.queued(message)).isEmpty();
    }

    @Test
    void aGzippedPdfWithTheNhsNumberInItsMetadataIsFiledWithTheWorkflowAsItsType() {
        Site practice = world.practice();
        String nhsNumber = FilingWorld.nhsNumber();
        String patient = world.patient(nhsNumber, "Patel", "Ravi", "1958-07-01", "LS6 2AB", practice);
        byte[] pdf = TestLetters.pdf(nhsNumber, "20261119143000Z");
        String message = world.send(practice.mailboxId(), FilingWorld.LETTERS, "application/pdf", pdf, true);

        world.filing(PatientFinder.NONE, settings).fileBatch(100);

        JsonNode document = single(world.documentsOf(message));
        assertThat(document.path("subject").path("reference").asText()).isEqualTo("Patient/" + patient);
        assertThat(document.path("type").path("coding").path(0).path("code").asText()).isEqualTo(FilingWorld.LETTERS);
        assertThat(document.path("date").asText()).isEqualTo("2026-11-19T14:30:00Z");
        assertThat(document.path("description").asText()).isEqualTo("Clinic letter");
        JsonNode binary = world.read(document.path("content").path(0).path("attachment").path("url").asText());
        assertThat(binary.path("contentType").asText()).isEqualTo("application/pdf");
        assertThat(Base64.getDecoder().decode(binary.path("data").asText())).isEqualTo(pdf);
        assertThat(world.status(message)).isEqualTo("acknowledged");
    }

    @Test
    void aPdfIsIdentifiedWhereverMessageAssuranceFindsItsNhsNumber() {
        Site practice = world.practice();
        String nhsNumber = FilingWorld.nhsNumber();
        String patient = world.patient(nhsNumber, "Okafor", "Grace", "1981-02-11", "LS2 9JT", practice);
        String labelled = "NHS Number: " + nhsNumber.substring(0, 3) + " " + nhsNumber.substring(3, 6) + " "
                + nhsNumber.substring(6);
        String inSubject = world.send(practice.mailboxId(), "application/pdf",
                org.openspine.exchange.assurance.TestLetters.pdf(Map.of("Subject", labelled)));
        String inXmp = world.send(practice.mailboxId(), "application/pdf", org.openspine.exchange.assurance.TestLetters.pdf(
                Map.of(), Optional.of(org.openspine.exchange.assurance.TestLetters.xmp(
                        "<nhs:NHSNumber>" + nhsNumber + "</nhs:NHSNumber>")), Optional.empty()));

        world.filing(PatientFinder.NONE, settings).fileBatch(100);

        assertThat(List.of(inSubject, inXmp)).allSatisfy(message -> assertThat(single(world.documentsOf(message))
                .path("subject").path("reference").asText()).isEqualTo("Patient/" + patient));
    }

    @Test
    void aDocumentCarriedInAnItk3MessageIsFiledAndTheMessageKeptWhole() {
        Site practice = world.practice();
        String nhsNumber = FilingWorld.nhsNumber();
        String patient = world.patient(nhsNumber, "Hughes", "Tom", "1949-04-04", "LS7 3HB", practice);
        byte[] message = TestLetters.document("2026-11-20T10:00:00Z").patient(nhsNumber, "Hughes", "Tom", "1949-04-04",
                "LS7 3HB").condition("195967001", "Asthma").itk3();

        String id = world.send(practice.mailboxId(), FHIR_JSON, message);
        world.filing(PatientFinder.NONE, settings).fileBatch(100);

        JsonNode document = single(world.documentsOf(id));
        assertThat(document.path("subject").path("reference").asText()).isEqualTo("Patient/" + patient);
        assertThat(document.path("context").path("related")).hasSize(1);
        JsonNode binary = world.read(document.path("content").path(0).path("attachment").path("url").asText());
        assertThat(Base64.getDecoder().decode(binary.path("data").asText())).isEqualTo(message);
    }

    @Test
    void anXmlDocumentIsFiledWithItsEntriesAndKeptAsXml() {
        Site practice = world.practice();
        String nhsNumber = FilingWorld.nhsNumber();
        String patient = world.patient(nhsNumber, "Jones", "Ffion", "1977-12-01", "CF10 1AA", practice);
        byte[] xml = world.codec.context().newXmlParser().encodeResourceToString(world.codec.parseStrict(
                TestLetters.document("2026-11-20T10:00:00Z").patient(nhsNumber, "Jones", "Ffion", "1977-12-01", "CF10 1AA")
                        .condition("195967001", "Asthma").json(), org.openspine.fhir.model.MediaType.JSON))
                .getBytes(StandardCharsets.UTF_8);
        String message = world.send(practice.mailboxId(), "application/fhir+xml", xml);

        world.filing(PatientFinder.NONE, settings).fileBatch(100);

        JsonNode document = single(world.documentsOf(message));
        assertThat(document.path("subject").path("reference").asText()).isEqualTo("Patient/" + patient);
        assertThat(document.path("content").path(0).path("attachment").path("contentType").asText())
                .isEqualTo("application/fhir+xml");
        assertThat(world.find("Condition", Map.of("patient", List.of("Patient/" + patient)))).hasSize(1);
    }

    @Test
    void aLetterWithoutAnNhsNumberIsFiledWhereTheFinderFindsThePatient() {
        Site practice = world.practice();
        String patient = world.patient(null, "Okafor", "Ada", "1981-02-03", "LS2 9JT", practice);
        byte[] letter = TestLetters.document("2026-11-21T08:00:00Z").patient(null, "Okafor", "Ada", "1981-02-03",
                "LS2 9JT").json();
        String message = world.send(practice.mailboxId(), FHIR_JSON, letter);

        world.filing(new SearchFinder(world), settings).fileBatch(100);

        assertThat(single(world.documentsOf(message)).path("subject").path("reference").asText())
                .isEqualTo("Patient/" + patient);
    }

    // ---- queued ---------------------------------------------------------------------------------

    @Test
    void aLetterForAnNhsNumberNoRecordCarriesGoesToTheWorkqueueAndIsAcknowledged() {
        Site practice = world.practice();
        String nhsNumber = FilingWorld.nhsNumber();
        byte[] letter = TestLetters.document("2026-11-20T10:00:00Z").patient(nhsNumber, "Nobody", "Known", "1990-01-01",
                "LS1 1AA").json();
        String message = world.send(practice.mailboxId(), FHIR_JSON, letter);

        world.filing(PatientFinder.NONE, settings).fileBatch(100);

        WorkqueueItem item = world.queued(message).orElseThrow();
        assertThat(item.reason()).isEqualTo(QueueReason.UNMATCHED);
        assertThat(item.odsCode()).isEqualTo(practice.odsCode());
        assertThat(item.subject().nhsNumber()).contains(nhsNumber);
        assertThat(item.subject().family()).contains("Nobody");
        assertThat(item.title()).contains("Discharge summary");
        assertThat(world.database.read(c -> new Workqueue().content(c, practice.odsCode(), item.id())).orElseThrow().bytes())
                .isEqualTo(letter);
        assertThat(world.documentsOf(message)).isEmpty();
        assertThat(world.status(message)).isEqualTo("acknowledged");
        assertThat(world.tracking(message)).containsSubsequence("queued workqueue item " + item.id() + ": unmatched",
                "acknowledged");
    }

    @Test
    void twoRecordsWithOneNhsNumberAreAmbiguousAndQueued() {
        Site practice = world.practice();
        String nhsNumber = FilingWorld.nhsNumber();
        String first = world.patient(nhsNumber, "Twin", "Alex", "2001-05-05", "LS3 1AA", practice);
        String second = world.patient(nhsNumber, "Twin", "Sam", "2001-05-05", "LS3 1AA", practice);
        String message = world.send(practice.mailboxId(), FHIR_JSON, TestLetters.document("2026-11-20T10:00:00Z")
                .patient(nhsNumber, "Twin", "Alex", "2001-05-05", "LS3 1AA").json());

        world.filing(PatientFinder.NONE, settings).fileBatch(100);

        WorkqueueItem item = world.queued(message).orElseThrow();
        assertThat(item.reason()).isEqualTo(QueueReason.AMBIGUOUS);
        assertThat(item.candidates()).containsExactlyInAnyOrder(first, second);
        assertThat(world.documentsOf(message)).isEmpty();
    }

    @Test
    void theFindersAmbiguityGoesToTheWorkqueueWithItsCandidates() {
        Site practice = world.practice();
        String first = world.patient(null, "Lookalike", "Chris", "1999-09-09", "LS4 1AA", practice);
        String second = world.patient(null, "Lookalike", "Chris", "1999-09-09", "LS4 1AA", practice);
        String message = world.send(practice.mailboxId(), FHIR_JSON, TestLetters.document("2026-11-20T10:00:00Z")
                .patient(null, "Lookalike", "Chris", "1999-09-09", "LS4 1AA").json());

        world.filing(new SearchFinder(world), settings).fileBatch(100);

        WorkqueueItem item = world.queued(message).orElseThrow();
        assertThat(item.reason()).isEqualTo(QueueReason.AMBIGUOUS);
        assertThat(item.candidates()).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void aPatientRegisteredAtAnotherPracticeIsNotFiledHere() {
        Site practice = world.practice();
        Site elsewhere = world.practice();
        String nhsNumber = FilingWorld.nhsNumber();
        String patient = world.patient(nhsNumber, "Moved", "Away", "1960-06-06", "LS5 1AA", elsewhere);
        String message = world.send(practice.mailboxId(), FHIR_JSON, TestLetters.document("2026-11-20T10:00:00Z")
                .patient(nhsNumber, "Moved", "Away", "1960-06-06", "LS5 1AA").json());

        world.filing(PatientFinder.NONE, settings).fileBatch(100);

        WorkqueueItem item = world.queued(message).orElseThrow();
        assertThat(item.reason()).isEqualTo(QueueReason.NOT_REGISTERED);
        assertThat(item.candidates()).containsExactly(patient);
        assertThat(world.documentsOf(message)).isEmpty();
    }

    @Test
    void brokenAndUnidentifiedLettersGoToTheWorkqueueNeverDropped() {
        Site practice = world.practice();
        // the envelope's subject names a real patient's NHS Number: it is the sender's text, never read
        world.patient("9434765919", "Smith", "Jane", "1970-03-14", "LS1 4AP", practice);
        String notJson = world.send(practice.mailboxId(), FHIR_JSON, "{\"resourceType\": \"Bundle\", ".getBytes(StandardCharsets.UTF_8));
        String text = world.send(practice.mailboxId(), "text/plain", "Dear Dr Smith, ...".getBytes(StandardCharsets.UTF_8));
        String notGzip = world.sendClaimingGzip(practice.mailboxId(), "%PDF-1.4 not gzip".getBytes(StandardCharsets.UTF_8));
        String pdfWithoutNumber = world.send(practice.mailboxId(), "application/pdf", TestLetters.pdf(null, null));
        String badEntry = world.send(practice.mailboxId(), FHIR_JSON, new String(TestLetters.document("2026-11-20T10:00:00Z")
                .patient("9434765919", "Smith", "Jane", "1970-03-14", "LS1 4AP").condition("44054006", "Diabetes").json(),
                StandardCharsets.UTF_8).replace("\"code\":\"44054006\"", "\"code\":\"44054006\",\"version\":\"\\u0007\"")
                .getBytes(StandardCharsets.UTF_8));

        world.filing(PatientFinder.NONE, settings).fileBatch(100);

        assertThat(world.queued(notJson).orElseThrow().reason()).isEqualTo(QueueReason.UNREADABLE);
        assertThat(world.queued(notJson).orElseThrow().detail()).startsWith("it is not valid FHIR");
        assertThat(world.queued(text).orElseThrow().reason()).isEqualTo(QueueReason.UNIDENTIFIED);
        assertThat(world.queued(text).orElseThrow().subject()).isEqualTo(LetterSubject.NONE);
        assertThat(world.queued(pdfWithoutNumber).orElseThrow().reason()).isEqualTo(QueueReason.UNIDENTIFIED);
        assertThat(world.queued(badEntry).orElseThrow().reason()).isEqualTo(QueueReason.UNREADABLE);
        assertThat(world.queued(badEntry).orElseThrow().detail()).contains("control characters");
        assertThat(world.queued(notGzip).orElseThrow().reason()).isEqualTo(QueueReason.UNREADABLE);
        assertThat(List.of(notJson, text, notGzip, pdfWithoutNumber, badEntry))
                .allSatisfy(m -> assertThat(world.status(m)).isEqualTo("acknowledged"))
                .allSatisfy(m -> assertThat(world.documentsOf(m)).isEmpty());
    }

    @Test
    void lettersNotForAPracticesRecordOrToAMailboxWithoutAutoFilingAreLeftInTheInbox() {
        Site practice = world.practice();
        Site trust = world.organisation("197", "NHS TRUST", true);
        Site closed = world.organisation("76", "GP PRACTICE", false);
        String nhsNumber = FilingWorld.nhsNumber();
        world.patient(nhsNumber, "Left", "Alone", "1950-01-01", "LS7 1AA", practice);
        byte[] letter = TestLetters.document("2026-11-20T10:00:00Z").patient(nhsNumber, "Left", "Alone", "1950-01-01",
                "LS7 1AA").json();
        String notClinical = world.send(practice.mailboxId(), "FILING_TEST_OTHER", FHIR_JSON, letter, false);
        String toTrust = world.send(trust.mailboxId(), FHIR_JSON, letter);
        String toClosed = world.send(closed.mailboxId(), FHIR_JSON, letter);
        Site ownClient = world.practice();
        world.patient(nhsNumber, "Left", "Alone", "1950-01-01", "LS7 1AA", ownClient);
        world.database.inTransaction(connection -> {
            world.mailboxes.save(connection, new Mailbox(ownClient.mailboxId(), ownClient.odsCode(), "Own MESH client",
                    true, false), "password", Set.of(), world.clock.instant());
            return null;
        });
        String toOwnClient = world.send(ownClient.mailboxId(), FHIR_JSON, letter);

        world.filing(PatientFinder.NONE, settings).fileBatch(100);

        assertThat(List.of(notClinical, toTrust, toClosed, toOwnClient)).allSatisfy(m -> {
            assertThat(world.status(m)).isEqualTo("inbox");
            assertThat(world.tracking(m)).noneMatch(e -> e.startsWith("filed") || e.startsWith("queued"));
        });
    }

    // ---- failures and concurrency ------------------------------------------------------------------

    @Test
    void aFailedWriteRollsEverythingBackAndLeavesTheLetterInTheInboxToBeTriedAgain() {
        Site practice = world.practice();
        String nhsNumber = FilingWorld.nhsNumber();
        String patient = world.patient(nhsNumber, "Retry", "Later", "1975-05-05", "LS8 1AA", practice);
        String message = world.send(practice.mailboxId(), FHIR_JSON, TestLetters.document("2026-11-20T10:00:00Z")
                .patient(nhsNumber, "Retry", "Later", "1975-05-05", "LS8 1AA").condition("38341003", "Hypertension").json());
        LetterFiling failing = new LetterFiling(world.database, world.codec, world.fhir.store(), world.fhir.search(),
                world.audit, PatientFinder.NONE, settings, world.clock, (connection, resources) -> {
                    List<StoredResource> written = world.fhir.store().createAll(connection, resources);
                    throw new IllegalStateException("the store failed after writing " + written.size() + " resources");
                });

        int acknowledged = failing.fileBatch(100);

        assertThat(acknowledged).isZero();
        assertThat(world.status(message)).isEqualTo("inbox");
        assertThat(world.documentsOf(message)).isEmpty();
        assertThat(world.find("Condition", Map.of("patient", List.of("Patient/" + patient)))).isEmpty();
        assertThat(world.tracking(message)).containsExactly("accepted", "uploaded");
        assertThat(world.queued(message)).isEmpty();

        LetterFiling healthy = world.filing(PatientFinder.NONE, settings);
        healthy.fileBatch(100);
        assertThat(world.status(message)).as("waits out its retry time").isEqualTo("inbox");
        world.clock.advance(settings.retryAfter().plusSeconds(1));
        healthy.fileBatch(100);
        assertThat(world.status(message)).isEqualTo("acknowledged");
        assertThat(world.documentsOf(message)).hasSize(1);
    }

    @Test
    void twoWorkersAtOnceFileEveryLetterExactlyOnce() throws Exception {
        List<String> messages = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            Site practice = world.practice();
            for (int i = 0; i < 20; i++) {
                String nhsNumber = FilingWorld.nhsNumber();
                world.patient(nhsNumber, "Worker", "Test", "1980-01-01", "LS9 1AA", practice);
                messages.add(world.send(practice.mailboxId(), FHIR_JSON, TestLetters.document("2026-11-20T10:00:00Z")
                        .patient(nhsNumber, "Worker", "Test", "1980-01-01", "LS9 1AA").allergy("91936005", "Penicillin")
                        .json()));
            }
        }
        LetterFiling filing = world.filing(PatientFinder.NONE, settings);
        CountDownLatch start = new CountDownLatch(1);
        Callable<Integer> worker = () -> {
            start.await();
            int total = 0;
            for (int n; (n = filing.fileBatch(7)) > 0; ) {
                total += n;
            }
            return total;
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> first = pool.submit(worker);
            Future<Integer> second = pool.submit(worker);
            start.countDown();
            assertThat(first.get() + second.get()).isGreaterThanOrEqualTo(messages.size());
        } finally {
            pool.shutdown();
        }

        assertThat(messages).allSatisfy(message -> {
            assertThat(world.status(message)).isEqualTo("acknowledged");
            assertThat(world.documentsOf(message)).hasSize(1);
            assertThat(world.tracking(message).stream().filter(e -> e.startsWith("filed"))).hasSize(1);
            assertThat(world.tracking(message).stream().filter(e -> e.equals("acknowledged"))).hasSize(1);
        });
    }

    @Test
    void aWorkerFilesANudgedLetterAtOnceAndTheRestOnItsSchedule() throws Exception {
        Site practice = world.practice();
        String nhsNumber = FilingWorld.nhsNumber();
        world.patient(nhsNumber, "Worker", "Thread", "1988-08-08", "LS13 1AA", practice);
        byte[] letter = TestLetters.document("2026-11-20T10:00:00Z").patient(nhsNumber, "Worker", "Thread", "1988-08-08",
                "LS13 1AA").json();

        String nudged = world.send(practice.mailboxId(), FHIR_JSON, letter);
        try (FilingWorker worker = new FilingWorker(world.filing(PatientFinder.NONE, settings), 100, Duration.ofHours(1))) {
            worker.start();
            worker.arrivals().arrived(nudged);
            awaitAcknowledged(nudged);
        }
        String scheduled = world.send(practice.mailboxId(), FHIR_JSON, letter);
        try (FilingWorker worker = new FilingWorker(world.filing(PatientFinder.NONE, settings), 100, Duration.ofMillis(200))) {
            worker.nudge();
            Thread.sleep(300);
            assertThat(world.status(scheduled)).as("nothing runs before the worker starts").isEqualTo("inbox");
            worker.start();
            awaitAcknowledged(scheduled);
        }
        assertThat(world.documentsOf(nudged)).hasSize(1);
        assertThat(world.documentsOf(scheduled)).hasSize(1);
    }

    // ---- the record's privacy ---------------------------------------------------------------------

    @Test
    void aFiledLetterAndItsTaskAreReadOnlyByThoseWhoMayReadThePatientsRecord() {
        Site practice = world.practice();
        Site other = world.practice();
        String nhsNumber = FilingWorld.nhsNumber();
        world.patient(nhsNumber, "Private", "Letter", "1966-06-16", "LS10 1AA", practice);
        String message = world.send(practice.mailboxId(), "application/pdf", TestLetters.pdf(nhsNumber, null));
        world.filing(PatientFinder.NONE, settings).fileBatch(100);
        String binary = single(world.documentsOf(message)).path("content").path(0).path("attachment").path("url").asText();

        String review = "Task/" + single(world.find("Task", Map.of("focus", List.of("DocumentReference/"
                + single(world.documentsOf(message)).path("id").asText())))).path("id").asText();
        assertThat(readAs(staff(practice.odsCode(), "R8000"), binary).status()).isEqualTo(200);
        assertThat(readAs(staff(practice.odsCode(), "R8000"), review).status()).isEqualTo(200);
        assertThat(refusal(staff(practice.odsCode(), "R8009"), review)).as("the task names the letter: not for reception")
                .isInstanceOf(OpenSpineException.Forbidden.class);
        assertThat(refusal(staff(other.odsCode(), "R8000"), review)).isInstanceOf(OpenSpineException.Forbidden.class);
        assertThat(refusal(staff(other.odsCode(), "R8000"), binary)).isInstanceOf(OpenSpineException.Forbidden.class);
        assertThat(refusal(staff(practice.odsCode(), "R8009"), binary)).isInstanceOf(OpenSpineException.Forbidden.class);
        assertThat(refusal(new Caller.Citizen("nhs-login-other", "Someone Else", "9000000009",
                org.openspine.platform.security.ProofingLevel.P9), binary)).isInstanceOf(OpenSpineException.Forbidden.class);
    }

    @Test
    void aRestrictedLetterIsFiledForTheCliniciansAndNothingOfItShowsToThePatient() {
        Site practice = world.practice();
        String nhsNumber = FilingWorld.nhsNumber();
        world.patient(nhsNumber, "Reserved", "Rhian", "1971-01-17", "LS12 2AA", practice);
        String message = world.send(practice.mailboxId(), FHIR_JSON, TestLetters.document("2026-11-20T10:00:00Z")
                .patient(nhsNumber, "Reserved", "Rhian", "1971-01-17", "LS12 2AA").condition("35489007", "Depression")
                .restricted().json());

        world.filing(PatientFinder.NONE, settings).fileBatch(100);

        JsonNode document = single(world.documentsOf(message));
        List<String> filed = new ArrayList<>(List.of("DocumentReference/" + document.path("id").asText(),
                document.path("content").path(0).path("attachment").path("url").asText(),
                document.path("context").path("related").path(0).path("reference").asText()));
        filed.add("Task/" + single(world.find("Task", Map.of("focus", List.of(filed.get(0))))).path("id").asText());
        Caller patient = new Caller.Citizen("nhs-login-rhian", "Rhian Reserved", nhsNumber,
                org.openspine.platform.security.ProofingLevel.P9);
        assertThat(filed).hasSize(4).allSatisfy(reference -> {
            assertThat(world.read(reference).path("meta").path("security").toString()).as(reference).contains("\"R\"");
            assertThat(readAs(staff(practice.odsCode(), "R8000"), reference).status()).as(reference).isEqualTo(200);
            assertThat(refusal(patient, reference)).as(reference).isInstanceOf(OpenSpineException.Forbidden.class);
        });
    }

    // ---- backlogs ---------------------------------------------------------------------------------

    @Test
    void aReleasedBacklogIsFiledPerPatientInDateOrderWithOneSummaryTaskEach() {
        FilingSettings releases = new FilingSettings(Duration.ofDays(7), 3, Duration.ofSeconds(5), Duration.ofMinutes(2),
                10L << 20, Duration.ofMinutes(1));
        Site practice = world.practice();
        String anne = FilingWorld.nhsNumber();
        String bob = FilingWorld.nhsNumber();
        String annesRecord = world.patient(anne, "Backlog", "Anne", "1940-04-04", "LS11 1AA", practice);
        String bobsRecord = world.patient(bob, "Backlog", "Bob", "1941-04-04", "LS11 1AA", practice);
        java.time.Instant arrived = world.clock.instant();
        // sent in an order of their own: the sender's queue, not the letters' dates
        String march = backlogLetter(practice, anne, "Anne", "2026-03-02T09:00:00Z");
        String january = backlogLetter(practice, anne, "Anne", "2026-01-04T09:00:00Z");
        String bobsMay = backlogLetter(practice, bob, "Bob", "2026-05-05T09:00:00Z");
        String february = backlogLetter(practice, anne, "Anne", "2026-02-03T09:00:00Z");
        String bobsApril = backlogLetter(practice, bob, "Bob", "2026-04-01T09:00:00Z");
        String timely = backlogLetter(practice, anne, "Anne", "2026-11-20T16:00:00Z");
        LetterFiling filing = world.filing(PatientFinder.NONE, releases);

        assertThat(filing.fileBatch(100)).as("the release is still arriving").isZero();
        world.clock.advance(Duration.ofSeconds(6));
        assertThat(filing.fileBatch(100)).isEqualTo(6);

        List<String> annesOrder = filingOrder(annesRecord);
        assertThat(annesOrder).containsExactly(id(january), id(february), id(march), id(timely));
        assertThat(filingOrder(bobsRecord)).containsExactly(id(bobsApril), id(bobsMay));
        JsonNode delayed = single(world.documentsOf(january));
        assertThat(delayed.path("date").asText()).isEqualTo("2026-01-04T09:00:00Z");
        assertThat(delayed.path("meta").path("tag").toString()).contains("\"delayed\"");
        assertThat(delayed.path("extension").path(0).path("valueDateTime").asText()).isEqualTo(arrived.toString());
        assertThat(single(world.documentsOf(timely)).path("meta").path("tag").toString()).doesNotContain("\"delayed\"");

        JsonNode annesSummary = single(summaries(annesRecord));
        assertThat(annesSummary.path("description").asText())
                .isEqualTo("3 delayed letters filed for this patient, dates from 2026-01-04 to 2026-03-02");
        assertThat(inputs(annesSummary)).containsExactly(id(january), id(february), id(march));
        assertThat(single(summaries(bobsRecord)).path("description").asText())
                .isEqualTo("2 delayed letters filed for this patient, dates from 2026-04-01 to 2026-05-05");
        List<JsonNode> reviews = world.find("Task", Map.of("subject", List.of("Patient/" + annesRecord),
                "code", List.of(FiledDocuments.TASK_SYSTEM + "|" + FiledDocuments.REVIEW)));
        assertThat(reviews).hasSize(1);
        assertThat(reviews.get(0).path("focus").path("reference").asText()).isEqualTo(id(timely));

        String later = backlogLetter(practice, anne, "Anne", "2025-12-24T09:00:00Z");
        filing.fileBatch(100);
        JsonNode joined = single(summaries(annesRecord));
        assertThat(joined.path("id").asText()).isEqualTo(annesSummary.path("id").asText());
        assertThat(joined.path("description").asText())
                .isEqualTo("4 delayed letters filed for this patient, dates from 2025-12-24 to 2026-03-02");
        assertThat(inputs(joined)).endsWith(id(later));
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private void awaitAcknowledged(String message) throws InterruptedException {
        for (int i = 0; i < 300 && !world.status(message).equals("acknowledged"); i++) {
            Thread.sleep(100);
        }
        assertThat(world.status(message)).isEqualTo("acknowledged");
    }

    private String backlogLetter(Site practice, String nhsNumber, String given, String date) {
        return world.send(practice.mailboxId(), FHIR_JSON, TestLetters.document(date)
                .patient(nhsNumber, "Backlog", given, given.equals("Anne") ? "1940-04-04" : "1941-04-04", "LS11 1AA")
                .json());
    }

    /** @return the patient's DocumentReferences in the order they were written */
    private List<String> filingOrder(String patientId) {
        List<String> order = new ArrayList<>();
        world.database.read(connection -> world.fhir.store().history(connection, new org.openspine.fhir.store.HistoryQuery(
                Optional.of("DocumentReference"), Optional.empty(), Optional.empty(), java.util.OptionalLong.empty(), 1000)))
                .entries().stream().filter(e -> e.patientId().equals(Optional.of(patientId)))
                .forEach(e -> order.add(0, "DocumentReference/" + e.id()));
        return order;
    }

    private List<JsonNode> summaries(String patientId) {
        return world.find("Task", Map.of("subject", List.of("Patient/" + patientId),
                "code", List.of(FiledDocuments.TASK_SYSTEM + "|" + DelayedSummaries.SUMMARY)));
    }

    private static List<String> inputs(JsonNode task) {
        List<String> inputs = new ArrayList<>();
        task.path("input").forEach(input -> inputs.add(input.path("valueReference").path("reference").asText()));
        return inputs;
    }

    private String id(String message) {
        return "DocumentReference/" + single(world.documentsOf(message)).path("id").asText();
    }

    private static JsonNode single(List<JsonNode> found) {
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static Caller.Staff staff(String odsCode, String role) {
        RoleProfile profile = new RoleProfile("5552" + odsCode.hashCode(), role, "R0260", odsCode);
        return new Caller.Staff("5550" + odsCode.hashCode(), "Staff at " + odsCode, profile, List.of(profile));
    }

    private FhirResponse readAs(Caller caller, String reference) {
        String[] parts = reference.split("/");
        return world.database.read(connection -> world.fhir.api().handle(connection, new FhirRequest("GET", "urn:test",
                List.of(parts[0], parts[1]), Map.of(), Map.of(), new FhirRequest.None(),
                world.fhir.api().guard(Access.of(caller)))));
    }

    private RuntimeException refusal(Caller caller, String reference) {
        try {
            readAs(caller, reference);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** The finder port over a plain search: one record with the letter's family name and birth date. */
    private record SearchFinder(FilingWorld world) implements PatientFinder {
        @Override
        public PatientMatch find(java.sql.Connection connection, LetterSubject subject) throws java.sql.SQLException {
            if (subject.family().isEmpty() || subject.birthDate().isEmpty()) {
                return new PatientMatch.NotFound(List.of());
            }
            List<String> ids = world.fhir.search().find(connection, "Patient", Map.of("family",
                    List.of(subject.family().get()), "birthdate", List.of(subject.birthDate().get().toString())),
                    "urn:test", 10).stream().map(StoredResource::id).toList();
            return switch (ids.size()) {
                case 0 -> new PatientMatch.NotFound(List.of());
                case 1 -> new PatientMatch.Found(ids.get(0));
                default -> new PatientMatch.Ambiguous(ids);
            };
        }
    }
}
