package org.openspine.exchange.filing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
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
import org.openspine.exchange.message.TrackingLog;
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
import org.openspine.platform.identifier.NhsNumber;
import org.openspine.platform.security.token.TestClock;

/**
 * A world for filing tests on a database of its own: the record store, mailboxes and a clinical workflow, GP
 * practices in the directory, patients registered at them, a hospital that sends them letters, and ways to look at
 * what filing did. A database of its own because filing takes every waiting letter there is.
 */
final class FilingWorld {

    static final String LETTERS = "FILING_TEST_LETTER";
    static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";
    private static final AtomicInteger CODES = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    final Database database;
    final TestClock clock = new TestClock(Instant.parse("2026-11-21T09:00:00Z"));
    final FhirCodec codec = new FhirCodec();
    final FhirServices fhir;
    final AuditTrail audit = new AuditTrail(TestAudit.key());
    final Mailboxes mailboxes = new Mailboxes(PasswordSeal.ephemeral());
    final Outbox outbox = new Outbox(mailboxes, PayloadAssurance.NONE, ExchangeSettings.MESH, clock);
    final String hospital;
    private final String run = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36)
            .toUpperCase(Locale.ROOT);

    FilingWorld(String purpose) {
        database = TestDatabase.fresh(purpose);
        fhir = FhirServices.open(database, codec, SearchParameters.r4(codec.context().getResourceTypes()),
                new ProfileValidation(codec.context(), Optional.empty()), clock, "test");
        database.inTransaction(connection -> {
            new Workflows().define(connection, new Workflow(LETTERS, "Clinical letters", Duration.ofHours(24),
                    Assurance.NONE, true));
            new Workflows().define(connection, new Workflow("FILING_TEST_OTHER", "Not for the record",
                    Duration.ofHours(24), Assurance.NONE, false));
            return null;
        });
        hospital = mailbox("R" + code(), "Leeds Teaching Hospitals letters");
    }

    /** @return filing on this world, finding patients without an NHS Number with {@code finder} */
    LetterFiling filing(PatientFinder finder, FilingSettings settings) {
        return new LetterFiling(database, codec, fhir.store(), fhir.search(), audit, finder, settings, clock);
    }

    /** @return a new GP practice in the directory, with a mailbox */
    Site practice() {
        return organisation("76", "GP PRACTICE", true);
    }

    /** @return a new organisation of the ODS role, with a mailbox */
    Site organisation(String role, String roleName, boolean active) {
        String ods = "F" + code();
        String id = create("""
                {"resourceType":"Organization","identifier":[{"system":"%s","value":"%s"}],"active":%s,
                 "type":[{"coding":[{"system":"https://fhir.nhs.uk/CodeSystem/organisation-role","code":"%s","display":"%s"}]}],
                 "name":"The %s surgery"}""".formatted(ODS, ods, active, role, roleName, ods)).id();
        return new Site(id, ods, mailbox(ods, "Practice " + ods));
    }

    /** @return a new Patient registered at the practice (null: registered nowhere) */
    String patient(String nhsNumber, String family, String given, String birthDate, String postcode, Site practice) {
        String gp = practice == null ? "" : ",\"generalPractitioner\":[{\"reference\":\"Organization/" + practice.organisationId()
                + "\",\"identifier\":{\"system\":\"" + ODS + "\",\"value\":\"" + practice.odsCode() + "\"}}]";
        String identifier = nhsNumber == null ? "" : "\"identifier\":[{\"system\":\"" + NhsNumber.SYSTEM + "\",\"value\":\""
                + nhsNumber + "\"}],";
        return create("{\"resourceType\":\"Patient\"," + identifier + "\"name\":[{\"family\":\"" + family + "\",\"given\":[\""
                + given + "\"]}],\"gender\":\"female\",\"birthDate\":\"" + birthDate + "\",\"address\":[{\"postalCode\":\""
                + postcode + "\"}]" + gp + "}").id();
    }

    /** Creates a resource as OpenSpine would, through the store. */
    StoredResource create(String json) {
        return database.inTransaction(connection -> fhir.store().create(connection,
                codec.parseStrict(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), MediaType.JSON)));
    }

    /** @return the id of the message sent from the hospital to the mailbox on the clinical workflow */
    String send(String to, String contentType, byte[] payload) {
        return send(to, LETTERS, contentType, payload, false);
    }

    /** @return the id of the message sent from the hospital, gzip-encoded in transit when {@code gzip} */
    String send(String to, String workflow, String contentType, byte[] payload, boolean gzip) {
        byte[] body = gzip ? gzip(payload) : payload;
        Envelope envelope = new Envelope(hospital, to, workflow, Optional.empty(), Optional.of("Letter for 9434765919 Smith"),
                Optional.of("letter.bin"), Optional.ofNullable(contentType), gzip, gzip, false, Optional.empty(), 1);
        return database.inTransaction(connection -> outbox.send(connection, envelope, new ByteArrayInputStream(body)))
                .messageId();
    }

    /** @return the id of a message stored as gzip-encoded whose bytes are not gzip */
    String sendClaimingGzip(String to, byte[] payload) {
        Envelope envelope = new Envelope(hospital, to, LETTERS, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("application/pdf"), true, false, false, Optional.empty(), 1);
        return database.inTransaction(connection -> outbox.send(connection, envelope, new ByteArrayInputStream(payload)))
                .messageId();
    }

    /** @return the message's status */
    String status(String messageId) {
        return database.read(connection -> {
            try (var select = connection.prepareStatement("SELECT status FROM mesh_message WHERE message_id = ?")) {
                select.setString(1, messageId);
                try (var rows = select.executeQuery()) {
                    rows.next();
                    return rows.getString(1);
                }
            }
        });
    }

    /** @return the message's tracking history as "event detail" lines */
    List<String> tracking(String messageId) {
        return database.read(connection -> TrackingLog.history(connection, messageId)).stream()
                .map(entry -> entry.event().code() + entry.detail().map(d -> " " + d).orElse("")).toList();
    }

    /** @return the current resources of the type matching the search, parsed */
    List<JsonNode> find(String type, Map<String, List<String>> criteria) {
        return database.read(connection -> fhir.search().find(connection, type, criteria, "urn:test", 1000)).stream()
                .map(FilingWorld::json).toList();
    }

    /** @return the DocumentReferences filed from the message */
    List<JsonNode> documentsOf(String messageId) {
        return find("DocumentReference", Map.of("identifier", List.of(FiledDocuments.MESSAGE_ID_SYSTEM + "|" + messageId)));
    }

    /** @return the stored resource {@code Type/id}, parsed */
    JsonNode read(String reference) {
        String[] parts = reference.split("/");
        return database.read(connection -> fhir.store().read(connection, parts[0], parts[1]) instanceof
                org.openspine.fhir.store.ReadResult.Found found ? json(found.resource()) : null);
    }

    /** @return the workqueue item of the message */
    Optional<WorkqueueItem> queued(String messageId) {
        return database.read(connection -> new Workqueue().forMessage(connection, messageId));
    }

    static JsonNode json(StoredResource resource) {
        try {
            return JSON.readTree(resource.json());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String nhsNumber() {
        while (true) {
            String stem = "99" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
            int check = NhsNumber.checkDigit(stem);
            if (check >= 0) {
                return stem + check;
            }
        }
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private String mailbox(String ods, String name) {
        String id = ("M" + run + ods).replaceAll("[^A-Z0-9]", "");
        database.inTransaction(connection -> {
            mailboxes.save(connection, new Mailbox(id, ods, name, true), "password", Set.of(), clock.instant());
            return null;
        });
        return id;
    }

    private String code() {
        return run + CODES.incrementAndGet();
    }

    /**
     * An organisation and its mailbox.
     *
     * @param organisationId its Organization's id
     * @param odsCode        its ODS code
     * @param mailboxId      its mailbox
     */
    record Site(String organisationId, String odsCode, String mailboxId) {
    }
}
