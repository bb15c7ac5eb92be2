package org.openspine.exchange.assurance;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.openspine.exchange.mailbox.Assurance;
import org.openspine.exchange.mailbox.Workflow;
import org.openspine.exchange.mailbox.Workflows;
import org.openspine.exchange.message.Message;
import org.openspine.exchange.message.PayloadAssurance;
import org.openspine.exchange.message.Payloads;
import org.openspine.exchange.message.Refusal;
import org.openspine.fhir.model.FhirCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Message assurance by workflow, as NHS England's message assurance service does for pathology: each message
 * is checked, when its last chunk arrives, against what its workflow's {@link Assurance} requires, and a
 * message that fails is refused at send (MESH 417, "Invalid file format") with a refusal that says exactly
 * what is wrong, e.g. <i>a clinical-document workflow needs a FHIR document Bundle or a PDF with an NHS
 * Number in its metadata; this Bundle has type 'collection'</i>. Nothing of a refused message is kept: the
 * refusal rolls back the send's transaction.
 *
 * <p>Workflows with no assurance (and workflows nobody defined) cost one lookup and no reading. Checked
 * payloads are read whole after decoding (gzip chunks, compressed content), up to a limit: a clinical document
 * larger than that is refused, not passed unchecked. An encrypted payload cannot be checked and is refused on
 * an assured workflow. Thread-safe.
 */
public final class WorkflowAssurance implements PayloadAssurance {

    /** The largest payload checked by default: 50 MB, far beyond any letter or report. */
    public static final long DEFAULT_MAX_BYTES = 50L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowAssurance.class);

    private final Workflows workflows;
    private final ClinicalDocumentCheck clinical;
    private final PathologyReportCheck pathology;
    private final long maxBytes;

    /**
     * @param codec    the FHIR parser (the server's one: its context is costly to build)
     * @param maxBytes the largest payload, once decoded, that an assured workflow accepts
     */
    public WorkflowAssurance(Workflows workflows, FhirCodec codec, long maxBytes) {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("the largest checked payload must be at least 1024 bytes, was " + maxBytes);
        }
        this.workflows = workflows;
        this.clinical = new ClinicalDocumentCheck(codec);
        this.pathology = new PathologyReportCheck(codec);
        this.maxBytes = maxBytes;
    }

    /**
     * Checks the complete message in the transaction that would put it into the inbox.
     *
     * @throws Refusal {@link Refusal.Reason#NOT_ASSURED} saying what the workflow needs and what is wrong
     */
    @Override
    public void check(Connection connection, Message message) throws SQLException {
        Workflow workflow = workflows.find(connection, message.envelope().workflowId());
        if (workflow.assurance() == Assurance.NONE) {
            return; // nothing to read
        }
        Optional<String> problem = problem(connection, message, workflow.assurance());
        if (problem.isPresent()) {
            LOG.info("message {} from {} on workflow {} refused by message assurance ({})", message.id(),
                    message.envelope().sender(), workflow.id(), workflow.assurance().code());
            throw new Refusal(Refusal.Reason.NOT_ASSURED, requirement(workflow.assurance()) + "; " + problem.get());
        }
    }

    private Optional<String> problem(Connection connection, Message message, Assurance assurance) throws SQLException {
        if (message.envelope().encrypted()) {
            return Optional.of("this message is marked encrypted (mex-Content-Encrypted), so its content cannot be "
                    + "checked");
        }
        return switch (Payloads.read(connection, message, maxBytes)) {
            case Payloads.Payload.TooLarge tooLarge -> Optional.of("payloads are checked whole, up to "
                    + tooLarge.limit() + " bytes, and this one is larger");
            case Payloads.Payload.Unreadable unreadable -> Optional.of(unreadable.problem());
            case Payloads.Payload.Content content -> switch (assurance) {
                case NONE -> Optional.empty();
                case CLINICAL_DOCUMENT -> clinical.problem(content.bytes());
                case PATHOLOGY_REPORT -> pathology.problem(content.bytes());
            };
        };
    }

    private static String requirement(Assurance assurance) {
        return switch (assurance) {
            case NONE -> "a workflow without assurance needs nothing";
            case CLINICAL_DOCUMENT -> ClinicalDocumentCheck.REQUIREMENT;
            case PATHOLOGY_REPORT -> PathologyReportCheck.REQUIREMENT;
        };
    }
}
