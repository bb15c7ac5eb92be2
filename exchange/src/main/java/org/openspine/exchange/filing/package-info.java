/**
 * Auto-filing: clinical letters that arrive in a GP practice's MESH mailbox are filed straight into the patient's
 * record, or put in the practice's workqueue, and only then acknowledged. Nothing is acknowledged that is neither
 * filed nor queued: both happen in the transaction that acknowledges.
 *
 * <h2>What is filed</h2>
 * A message is taken when it waits in an inbox on a workflow defined as clinical ({@code mesh_workflow.clinical}),
 * its mailbox's organisation is an active GP practice in the directory (an Organization with that ODS code and ODS
 * role 76; {@code PracticeDirectory}), nobody has downloaded it (a practice's own MESH
 * client that did answers for it), and it is neither encrypted nor over
 * {@link org.openspine.exchange.filing.FilingSettings#maxBytes} (those stay for the practice's MESH client).
 *
 * <h2>Whose letter</h2>
 * Only the content says: a FHIR document Bundle's Composition subject (the document alone or carried in an ITK3
 * message Bundle), or a report Bundle's DiagnosticReport subject, or a PDF's NHS Number in its metadata, read by
 * message assurance's {@link org.openspine.exchange.assurance.PdfMetadata} (so a PDF assurance accepted is one
 * filing can identify); never
 * {@code mex-Subject} or {@code mex-LocalID}. The NHS Number decides when one record carries it (the surviving one
 * if it was superseded) and the letter's birth date, if any, agrees; otherwise the
 * {@link org.openspine.exchange.filing.PatientFinder} port, which the server wires to identity's patient matcher. The
 * patient must be registered at the practice the letter came to ({@code Patient.generalPractitioner}).
 *
 * <h2>What filing writes</h2>
 * Through the FHIR store in the run's transaction, as OpenSpine, one audit record a run: a DocumentReference
 * ({@code current}, {@code final}, the document's type or else the workflow's, its own date, authors and custodian,
 * tags {@code https://openspine.org/CodeSystem/filing|auto-filed} and, when delayed, {@code |delayed}, the arrival
 * in the extension {@code https://openspine.org/StructureDefinition/document-received}, the MESH message id as
 * identifier {@code https://openspine.org/Id/mesh-message-id}); a Binary with the letter as received (its
 * {@code securityContext} the patient, which makes it as private as the record); the letter's coded entries
 * (Condition, AllergyIntolerance, MedicationStatement, Observation, Procedure, Immunization, DiagnosticReport)
 * tagged {@code https://openspine.org/CodeSystem/review|awaiting-clinician-review}, Condition and
 * AllergyIntolerance {@code unconfirmed} ({@code ReviewMarks}); and a review Task for
 * the practice ({@code https://openspine.org/CodeSystem/filing-task|review-document}), or for delayed letters one
 * summary Task per patient ({@code |review-delayed-documents}).
 *
 * <h2>The workqueue</h2>
 * A table of the exchange's ({@code filing_workqueue}), not FHIR Tasks: an unmatched letter belongs to no patient,
 * and the record shows resources of no patient to every member of staff, where a letter must be seen by the
 * practice's own only. Reasons: {@link org.openspine.exchange.filing.QueueReason}. Listed at
 * {@code GET /exchange/workqueue/{odsCode}} ({@link org.openspine.exchange.filing.WorkqueueRoutes}); counted for
 * the delivery monitor by {@link org.openspine.exchange.filing.Workqueue#backlogs}.
 *
 * <h2>Backlogs</h2>
 * A letter is delayed when its document is dated more than {@code delayedAfter} (7 days) before it arrived. A
 * mailbox holding a release in progress ({@code burst} letters waiting, the latest under {@code settle} old) is
 * left until it settles, at most {@code maxHold}; a run then files each patient's letters in the order of their own
 * dates.
 *
 * <h2>Failures</h2>
 * Content that cannot be filed (not FHIR, no patient named, entries the record refuses) is queued, never dropped.
 * Anything else that fails rolls the run back; its letters are tried one by one, and one that fails alone stays in
 * the inbox, retried with backoff ({@code filing_attempt}) and visible to the delivery monitor as unacknowledged.
 */
package org.openspine.exchange.filing;
