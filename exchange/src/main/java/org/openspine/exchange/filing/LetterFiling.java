package org.openspine.exchange.filing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Resource;
import org.openspine.exchange.filing.LetterClaims.Waiting;
import org.openspine.exchange.filing.PatientResolver.Resolved;
import org.openspine.exchange.message.Inbox;
import org.openspine.exchange.message.TrackingEvent;
import org.openspine.exchange.message.TrackingLog;
import org.openspine.fhir.access.RecordAccess;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.search.query.FhirSearch;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.store.StoredResource;
import org.openspine.fhir.validation.WriteRules;
import org.openspine.platform.audit.AuditRecord;
import org.openspine.platform.audit.AuditSubtype;
import org.openspine.platform.audit.AuditTrail;
import org.openspine.platform.database.Database;
import org.openspine.platform.error.OpenSpineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Auto-filing: letters on clinical workflows sent to a GP practice's mailbox are filed into the patient's record
 * and only then acknowledged, or put in the practice's {@link Workqueue} and then acknowledged; never acknowledged
 * otherwise. Each {@link #fileBatch} is one run: it claims letters waiting in practice mailboxes
 * ({@link LetterClaims}, {@code FOR UPDATE SKIP LOCKED}: any number of runs on any number of nodes take different
 * letters, and a letter is filed once), reads them ({@link LetterReader}), finds each one's patient
 * ({@link PatientResolver}), and in one transaction writes every record entry, workqueue item, tracking event,
 * acknowledgement and the audit record. Whatever fails in that transaction rolls all of it back, and the run's
 * letters are then tried one by one, so that one letter that cannot be written does not hold up the rest; a letter
 * that fails alone stays in the inbox and is tried again later ({@link FilingSettings#retryAfter}), visible to the
 * delivery monitor as unacknowledged meanwhile.
 *
 * <p>Order and backlogs: a run takes one practice's waiting letters, oldest arrival first (then others' while
 * they fit whole), and files each patient's letters in the order of the documents' own dates, so a released backlog
 * enters each record in the order it was written. A mailbox still receiving a release ({@link FilingSettings#burst}
 * letters waiting, the latest younger than {@link FilingSettings#settle}) is left until it settles, for at most
 * {@link FilingSettings#maxHold}. A letter dated more than {@link FilingSettings#delayedAfter} before it arrived is
 * delayed: filed with its own date, tagged delayed, and summarised in one task per patient
 * ({@link DelayedSummaries}) instead of a review task of its own.
 *
 * <p>The writes are OpenSpine's own (a system with every scope), through the FHIR store's Java API in the run's
 * transaction, and the run is one entry on the audit trail naming every patient whose record it wrote. Thread-safe.
 */
public final class LetterFiling {

    /** The most letters one run takes. */
    public static final int MAX_RUN = 5000;
    /** The most payload bytes one run holds in memory (a run always takes at least one letter). */
    static final long RUN_BYTES = 64L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(LetterFiling.class);

    private final Database database;
    private final LetterClaims claims;
    private final PracticeDirectory practices;
    private final LetterReader reader;
    private final PatientResolver resolver;
    private final FiledDocuments documents;
    private final DelayedSummaries summaries;
    private final RecordWriter writer;
    private final Workqueue workqueue = new Workqueue();
    private final Inbox inbox;
    private final AuditTrail audit;
    private final FilingSettings settings;
    private final Clock clock;

    /**
     * @param codec  parses FHIR letters (strictly, as the API parses requests)
     * @param store  where the record is written
     * @param search finds patients by NHS Number, practices in the directory and open summary tasks
     * @param audit  the audit trail, appended in each run's transaction
     * @param finder the patient matcher, for letters the NHS Number does not settle
     */
    public LetterFiling(Database database, FhirCodec codec, FhirStore store, FhirSearch search, AuditTrail audit,
            PatientFinder finder, FilingSettings settings, Clock clock) {
        this(database, codec, store, search, audit, finder, settings, clock, store::createAll);
    }

    LetterFiling(Database database, FhirCodec codec, FhirStore store, FhirSearch search, AuditTrail audit,
            PatientFinder finder, FilingSettings settings, Clock clock, RecordWriter writer) {
        this.database = database;
        this.claims = new LetterClaims(settings.maxBytes());
        this.practices = new PracticeDirectory(search, clock);
        this.reader = new LetterReader(codec, settings.maxBytes());
        this.resolver = new PatientResolver(search, store, finder);
        this.documents = new FiledDocuments(new WriteRules(codec.context()));
        this.summaries = new DelayedSummaries(store, codec);
        this.writer = writer;
        this.inbox = new Inbox(clock);
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * One run: files or queues up to {@code max} waiting letters and acknowledges them, in one transaction (see the
     * class comment). Blocks for the run's database work; safe to call from any number of threads and nodes at once.
     *
     * @param max the most letters to take, 1 to {@value #MAX_RUN}; a practice's release is filed in order only
     *            within one run, so make it larger than a release is expected to be (a thousand)
     * @return how many letters were acknowledged (filed or queued); 0 when none was waiting
     * @throws OpenSpineException.Unavailable when the database is; nothing was acknowledged
     */
    public int fileBatch(int max) {
        if (max < 1 || max > MAX_RUN) {
            throw new IllegalArgumentException("a filing run takes 1 to " + MAX_RUN + " letters, not " + max);
        }
        List<String> taken = new ArrayList<>();
        try {
            return database.inTransaction(connection -> {
                taken.clear(); // a retried transaction claims afresh
                Instant now = clock.instant();
                Claimed claimed = claim(connection, max, now);
                claimed.letters().forEach(letter -> taken.add(letter.messageId()));
                return file(connection, claimed, now);
            });
        } catch (OpenSpineException.Unavailable e) {
            throw e; // the database, not a letter: trying letters one by one would only fail again
        } catch (RuntimeException e) {
            if (taken.size() <= 1) {
                taken.forEach(id -> failed(id, e));
                if (taken.isEmpty()) {
                    throw e;
                }
                return 0;
            }
            LOG.warn("filing {} letters in one run failed ({}); filing them one by one", taken.size(), e.toString());
            return oneByOne(taken);
        }
    }

    // ---- claiming -------------------------------------------------------------------------------

    /** Takes one practice mailbox's waiting letters, then other practices' while they fit whole. */
    private Claimed claim(Connection connection, int max, Instant now) throws SQLException {
        List<Waiting> waiting = claims.waiting(connection, now);
        Map<String, Practice> byOds = practices.practices(connection, waiting.stream().map(Waiting::odsCode).toList());
        List<ClaimedLetter> letters = new ArrayList<>();
        Map<String, Practice> byMailbox = new HashMap<>();
        long bytes = 0;
        for (Waiting mailbox : waiting) {
            Practice practice = byOds.get(mailbox.odsCode());
            int room = max - letters.size();
            if (practice == null || settling(mailbox, now) || !letters.isEmpty() && mailbox.count() > room) {
                continue;
            }
            for (ClaimedLetter letter : claims.claim(connection, mailbox.mailboxId(), room, now)) {
                if (!letters.isEmpty() && bytes + letter.size() > RUN_BYTES) {
                    break; // claimed but not taken: its lock goes with the transaction, and a later run takes it
                }
                letters.add(letter);
                bytes += letter.size();
            }
            byMailbox.put(mailbox.mailboxId(), practice);
            if (letters.size() >= max || bytes >= RUN_BYTES) {
                break;
            }
        }
        return new Claimed(letters, byMailbox);
    }

    private boolean settling(Waiting mailbox, Instant now) {
        return mailbox.count() >= settings.burst() && mailbox.newest().isAfter(now.minus(settings.settle()))
                && mailbox.oldest().isAfter(now.minus(settings.maxHold()));
    }

    /** Files each letter in a transaction of its own; one that fails is recorded and waits to be tried again. */
    private int oneByOne(List<String> messageIds) {
        int acknowledged = 0;
        for (String messageId : messageIds) {
            try {
                acknowledged += database.inTransaction(connection -> {
                    Instant now = clock.instant();
                    List<ClaimedLetter> letters = claims.claim(connection, List.of(messageId), now);
                    if (letters.isEmpty()) {
                        return 0; // acknowledged by someone else meanwhile, or taken by another run
                    }
                    Practice practice = practices.practices(connection, List.of(letters.get(0).odsCode()))
                            .get(letters.get(0).odsCode());
                    if (practice == null) {
                        return 0; // no longer a practice: the letter is the practice's MESH client's again
                    }
                    return file(connection, new Claimed(letters, Map.of(letters.get(0).mailboxId(), practice)), now);
                });
            } catch (OpenSpineException.Unavailable e) {
                throw e;
            } catch (RuntimeException e) {
                failed(messageId, e);
            }
        }
        return acknowledged;
    }

    private void failed(String messageId, RuntimeException failure) {
        LOG.warn("filing message {} failed; it stays in the inbox and is tried again later", messageId, failure);
        try {
            database.inTransaction(connection -> {
                claims.failed(connection, messageId, failure.getClass().getSimpleName() + ": "
                        + String.valueOf(failure.getMessage()), clock.instant(), settings.retryAfter());
                return null;
            });
        } catch (RuntimeException e) {
            // the letter is still in the inbox and will be tried again anyway, only sooner
            LOG.warn("could not record the failed filing of message {}", messageId, e);
        }
    }

    // ---- one run's work -------------------------------------------------------------------------

    private int file(Connection connection, Claimed claimed, Instant now) throws SQLException {
        List<ClaimedLetter> letters = claimed.letters();
        if (letters.isEmpty()) {
            return 0;
        }
        List<String> ids = letters.stream().map(ClaimedLetter::messageId).toList();
        try (Statement plans = connection.createStatement()) {
            // a backlog grows the record fast: plans PostgreSQL cached while its tables were small would stay
            // whole-table scans (as the directory loader found)
            plans.execute("SET LOCAL plan_cache_mode = force_custom_plan");
        }
        Map<String, byte[]> payloads = claims.payloads(connection, ids);
        Map<String, Letter> read = new LinkedHashMap<>();
        Map<String, PatientResolver.Asked> asked = new LinkedHashMap<>();
        for (ClaimedLetter letter : letters) {
            byte[] payload = payloads.get(letter.messageId());
            Letter content = payload == null ? new Letter.Unreadable(new byte[0], "application/octet-stream",
                    "its payload is missing") : reader.read(letter, payload);
            read.put(letter.messageId(), content);
            if (content instanceof Letter.Identified identified) {
                asked.put(letter.messageId(), new PatientResolver.Asked(identified.subject(),
                        claimed.practice(letter)));
            }
        }
        Map<String, Resolved> resolved = resolver.resolve(connection, asked);
        List<Filing> filings = new ArrayList<>();
        List<Workqueue.Queued> queued = new ArrayList<>();
        for (ClaimedLetter letter : letters) {
            Practice practice = claimed.practice(letter);
            switch (read.get(letter.messageId())) {
                case Letter.Identified identified -> {
                    switch (resolved.get(letter.messageId())) {
                        case Resolved.Filed filed -> {
                            try {
                                filings.add(filing(letter, identified, filed.patientId(), practice, now));
                            } catch (OpenSpineException.Invalid | OpenSpineException.Unprocessable e) {
                                queued.add(queue(letter, practice, QueueReason.UNREADABLE, "what it says cannot be "
                                        + "stored in the record: " + e.getMessage(), identified.subject(), List.of(),
                                        identified.facts(), identified.contentType(), identified.content()));
                            }
                        }
                        case Resolved.Queued why -> queued.add(queue(letter, practice, why.reason(), why.detail(),
                                identified.subject(), why.candidates(), identified.facts(), identified.contentType(),
                                identified.content()));
                    }
                }
                case Letter.Unidentified unidentified -> queued.add(queue(letter, practice, QueueReason.UNIDENTIFIED,
                        unidentified.reason(), LetterSubject.NONE, List.of(), unidentified.facts(),
                        unidentified.contentType(), unidentified.content()));
                case Letter.Unreadable unreadable -> queued.add(queue(letter, practice, QueueReason.UNREADABLE,
                        unreadable.reason(), LetterSubject.NONE, List.of(), DocumentFacts.NONE,
                        unreadable.contentType(), unreadable.content()));
            }
        }
        List<StoredResource> written = write(connection, filings, now);
        workqueue.add(connection, queued, now);
        Map<String, Optional<String>> filedDetails = new LinkedHashMap<>();
        filings.forEach(f -> filedDetails.put(f.letter().messageId(), Optional.of(f.filed().reference())));
        Map<String, Optional<String>> queuedDetails = new LinkedHashMap<>();
        queued.forEach(q -> queuedDetails.put(q.letter().messageId(), Optional.of("workqueue item " + q.id() + ": "
                + q.reason().code())));
        TrackingLog.appendAll(connection, TrackingEvent.FILED, now, filedDetails);
        TrackingLog.appendAll(connection, TrackingEvent.QUEUED, now, queuedDetails);
        inbox.acknowledgeAll(connection, ids);
        claims.forget(connection, ids);
        if (!written.isEmpty()) {
            audit(connection, filings, written);
        }
        return ids.size();
    }

    /**
     * @return what filing the letter writes
     * @throws OpenSpineException.Invalid or {@code Unprocessable} when what it says breaks the record's write rules
     */
    private Filing filing(ClaimedLetter letter, Letter.Identified identified, String patientId, Practice practice,
            Instant now) {
        boolean delayed = settings.delayed(identified.facts().date(), letter.received());
        return new Filing(letter, practice, patientId, delayed,
                documents.build(letter, identified, patientId, practice, delayed, FiledDocuments.Route.ON_ARRIVAL, now));
    }

    /**
     * Writes the filings, each patient's in the order of their documents' own dates, with one summary task per
     * patient and practice for the delayed ones.
     */
    private List<StoredResource> write(Connection connection, List<Filing> filings, Instant now) throws SQLException {
        Map<String, List<Filing>> byPatient = new LinkedHashMap<>();
        filings.forEach(f -> byPatient.computeIfAbsent(f.practice().organisationId() + "/" + f.patientId(),
                key -> new ArrayList<>()).add(f));
        List<Resource> resources = new ArrayList<>();
        List<DelayedSummaries.Group> delayed = new ArrayList<>();
        for (List<Filing> patient : byPatient.values()) {
            patient.sort(Comparator.comparing((Filing f) -> f.filed().date()).thenComparing(f -> f.letter().received()));
            patient.forEach(f -> resources.addAll(f.filed().written()));
            List<FiledDocuments.Filed> late = patient.stream().filter(Filing::delayed).map(Filing::filed).toList();
            if (!late.isEmpty()) {
                delayed.add(new DelayedSummaries.Group(patient.get(0).practice(), patient.get(0).patientId(), late));
            }
        }
        List<StoredResource> written = new ArrayList<>();
        resources.addAll(summaries.summarise(connection, delayed, now, written));
        written.addAll(writer.write(connection, resources));
        return written;
    }

    private void audit(Connection connection, List<Filing> filings, List<StoredResource> written) throws SQLException {
        Set<String> patients = new LinkedHashSet<>();
        filings.forEach(f -> patients.add(f.patientId()));
        AuditRecord.Builder record = AuditRecord.of(RecordAccess.OPENSPINE, AuditSubtype.CREATE).patients(patients);
        written.forEach(resource -> record.resource(resource.type(), resource.id()));
        audit.append(connection, record.build(clock));
    }

    private static Workqueue.Queued queue(ClaimedLetter letter, Practice practice, QueueReason reason, String detail,
            LetterSubject subject, List<String> candidates, DocumentFacts facts, String contentType, byte[] content) {
        return new Workqueue.Queued(UUID.randomUUID(), practice.odsCode(), letter, reason, detail, subject, candidates,
                facts, contentType, content);
    }

    /** A run's letters, and the practice of each mailbox they came to. */
    private record Claimed(List<ClaimedLetter> letters, Map<String, Practice> practices) {

        Practice practice(ClaimedLetter letter) {
            return practices.get(letter.mailboxId());
        }
    }

    /** A letter to file: into whose record, and what it writes. */
    private record Filing(ClaimedLetter letter, Practice practice, String patientId, boolean delayed,
                          FiledDocuments.Filed filed) {
    }
}
