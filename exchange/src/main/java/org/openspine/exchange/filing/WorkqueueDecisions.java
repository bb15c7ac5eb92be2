package org.openspine.exchange.filing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.openspine.exchange.message.TrackingEvent;
import org.openspine.exchange.message.TrackingLog;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.search.query.FhirSearch;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.store.StoredResource;
import org.openspine.fhir.validation.WriteRules;
import org.openspine.platform.error.OpenSpineException;

/**
 * Working a practice's workqueue: a person at the practice files an item's letter into the record they chose
 * ({@link #file}), or returns it as not the practice's ({@link #giveBack}). Either closes the item for good, with who
 * decided and when, and tells the sender through the message's tracking ({@code filed} or {@code returned}, with
 * the reason given). Both lock the item first, so two people deciding at once cannot both act: the second is told
 * it was dealt with already.
 *
 * <p>A letter filed from the workqueue is filed as auto-filing would have filed it (a DocumentReference, a Binary,
 * its coded entries awaiting review, a review Task), tagged as filed from the workqueue; a letter OpenSpine could not
 * read as FHIR or a PDF with an NHS Number is filed as the document alone. Coded entries the record's write rules
 * refuse are left out and the letter is filed without them, which the answer says: the person has read the letter
 * and decided whose it is, and the letter itself must not be kept from the record by what it carries.
 *
 * <p>Every method joins the caller's transaction; the caller writes the audit record in it too. Who may decide is
 * the caller's business (the HTTP routes: the practice's own staff, in a role that may update records).
 * Thread-safe.
 */
public final class WorkqueueDecisions {

    /** The longest reason for returning a letter kept. */
    public static final int MAX_REASON = 1000;

    private final Workqueue workqueue = new Workqueue();
    private final PracticeDirectory practices;
    private final LetterReader reader;
    private final PatientResolver resolver;
    private final FiledDocuments documents;
    private final RecordWriter writer;
    private final FilingSettings settings;
    private final Clock clock;

    /** Collaborators as {@link LetterFiling}'s, so a letter filed by a person is read and built as one filed on arrival. */
    public WorkqueueDecisions(FhirCodec codec, FhirStore store, FhirSearch search, PatientFinder finder,
            FilingSettings settings, Clock clock) {
        this.practices = new PracticeDirectory(search, clock);
        this.reader = new LetterReader(codec, settings.maxBytes());
        this.resolver = new PatientResolver(search, store, finder);
        this.documents = new FiledDocuments(new WriteRules(codec.context()));
        this.writer = store::createAll;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Files the item's letter into the chosen record and closes the item.
     *
     * @param by the person deciding
     * @return what was written
     * @throws OpenSpineException.NotFound      when the practice has no such item
     * @throws OpenSpineException.Conflict      when the item was dealt with already
     * @throws OpenSpineException.Unprocessable when the record chosen cannot be filed into (none, several carrying the
     *                                          NHS Number, not registered at the practice), or the practice is not a
     *                                          GP practice in the directory, or the letter cannot be stored even alone
     */
    public Filed file(Connection connection, String odsCode, UUID itemId, RecordChoice choice, Workqueue.Person by)
            throws SQLException {
        Workqueue.Held held = open(connection, odsCode, itemId);
        Practice practice = practices.practices(connection, List.of(odsCode)).get(odsCode);
        if (practice == null) {
            throw new OpenSpineException.Unprocessable("business-rule", odsCode + " is not a GP practice in the "
                    + "organisation directory, so nothing can be filed for it");
        }
        String patientId = switch (resolver.chosen(connection, choice, practice)) {
            case PatientResolver.Chosen.Patient patient -> patient.patientId();
            case PatientResolver.Chosen.Refused refused -> throw new OpenSpineException.Unprocessable("business-rule",
                    refused.why());
        };
        Instant now = clock.instant();
        Letter.Identified letter = asDocument(reader.read(held.letter(), held.payload()));
        boolean delayed = settings.delayed(letter.facts().date(), held.letter().received());
        Optional<String> note = Optional.empty();
        FiledDocuments.Filed filed;
        try {
            filed = documents.build(held.letter(), letter, patientId, practice, delayed,
                    FiledDocuments.Route.FROM_WORKQUEUE, now);
        } catch (OpenSpineException.Invalid | OpenSpineException.Unprocessable e) {
            if (letter.entries().isEmpty()) {
                throw new OpenSpineException.Unprocessable("business-rule", "the letter cannot be stored in the record: "
                        + e.getMessage());
            }
            note = Optional.of("its " + letter.entries().size() + " coded entries cannot be stored in the record ("
                    + e.getMessage() + "); the letter is filed without them");
            filed = documents.build(held.letter(), withoutEntries(letter), patientId, practice, delayed,
                    FiledDocuments.Route.FROM_WORKQUEUE, now);
        }
        List<StoredResource> written = writer.write(connection, filed.written());
        workqueue.close(connection, itemId, new Workqueue.Decision.Filed(by, patientId, filed.document().getIdPart()),
                now);
        TrackingLog.appendAll(connection, TrackingEvent.FILED, now, Map.of(held.item().messageId(),
                Optional.of(filed.reference() + ", filed by the practice from its workqueue")));
        return new Filed(patientId, filed.reference(), written, note);
    }

    /**
     * Closes the item as not the practice's letter; nothing is filed. The reason goes to the sender, through the
     * message's tracking, so it must say what the sender needs to know and nothing about other patients.
     *
     * @param reason why, as the person put it (1 to {@value #MAX_REASON} characters)
     * @return the item as it was
     * @throws OpenSpineException.NotFound when the practice has no such item
     * @throws OpenSpineException.Conflict when the item was dealt with already
     */
    public WorkqueueItem giveBack(Connection connection, String odsCode, UUID itemId, String reason, Workqueue.Person by)
            throws SQLException {
        Workqueue.Held held = open(connection, odsCode, itemId);
        Instant now = clock.instant();
        workqueue.close(connection, itemId, new Workqueue.Decision.Returned(by, reason), now);
        TrackingLog.appendAll(connection, TrackingEvent.RETURNED, now, Map.of(held.item().messageId(),
                Optional.of("returned by the practice, not filed: " + reason)));
        return held.item();
    }

    private Workqueue.Held open(Connection connection, String odsCode, UUID itemId) throws SQLException {
        Workqueue.Held held = workqueue.hold(connection, odsCode, itemId)
                .orElseThrow(() -> new OpenSpineException.NotFound("no workqueue item " + itemId + " at " + odsCode));
        if (!held.open()) {
            throw new OpenSpineException.Conflict("workqueue item " + itemId + " was dealt with already");
        }
        return held;
    }

    /** @return the letter as one to file: a letter naming no patient, or unreadable, is filed as the document alone */
    private static Letter.Identified asDocument(Letter letter) {
        return switch (letter) {
            case Letter.Identified identified -> identified;
            case Letter.Unidentified unidentified -> new Letter.Identified(unidentified.content(),
                    unidentified.contentType(), LetterSubject.NONE, unidentified.facts(), List.of(), List.of());
            case Letter.Unreadable unreadable -> new Letter.Identified(unreadable.content(), unreadable.contentType(),
                    LetterSubject.NONE, DocumentFacts.NONE, List.of(), List.of());
        };
    }

    private static Letter.Identified withoutEntries(Letter.Identified letter) {
        return new Letter.Identified(letter.content(), letter.contentType(), letter.subject(), letter.facts(), List.of(),
                List.of());
    }

    /**
     * A letter a person filed.
     *
     * @param patientId the record it went into
     * @param document  its DocumentReference, as a reference
     * @param written   everything written, the DocumentReference first
     * @param note      what the person should know: coded entries left out, and why
     */
    public record Filed(String patientId, String document, List<StoredResource> written, Optional<String> note) {
        public Filed {
            Objects.requireNonNull(patientId, "patientId");
            Objects.requireNonNull(document, "document");
            written = List.copyOf(written);
            Objects.requireNonNull(note, "note");
        }
    }
}
