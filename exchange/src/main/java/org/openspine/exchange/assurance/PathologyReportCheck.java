package org.openspine.exchange.assurance;

import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Resource;
import org.openspine.exchange.mailbox.Assurance;
import org.openspine.fhir.model.FhirCodec;

/**
 * {@link Assurance#PATHOLOGY_REPORT}: a FHIR Bundle (of any type: UK Core pathology reports travel as message
 * Bundles) with at least one DiagnosticReport entry, every DiagnosticReport's subject a Patient with a valid NHS
 * Number, so that each result can be filed against its patient. Thread-safe.
 */
final class PathologyReportCheck {

    /** What the workflow needs, as every refusal starts. */
    static final String REQUIREMENT = "a pathology-report workflow needs a FHIR Bundle containing a DiagnosticReport "
            + "whose subject is a Patient with an NHS Number";

    private final FhirCodec codec;

    PathologyReportCheck(FhirCodec codec) {
        this.codec = codec;
    }

    /** @return what is wrong with the payload, to follow {@link #REQUIREMENT}; empty when it is a pathology report */
    Optional<String> problem(byte[] payload) {
        PayloadFormat format = PayloadFormat.of(payload);
        return switch (format) {
            case PDF -> Optional.of("this payload is a PDF");
            case OTHER -> Optional.of("this payload is not FHIR (JSON or XML)");
            case FHIR_JSON, FHIR_XML -> switch (FhirPayload.bundle(codec, payload, format)) {
                case FhirPayload.Read.Problem problem -> Optional.of(problem.problem());
                case FhirPayload.Read.Parsed parsed -> reports(parsed.bundle());
            };
        };
    }

    private static Optional<String> reports(Bundle bundle) {
        BundlePatients patients = new BundlePatients(bundle);
        int reports = 0;
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            Resource resource = bundle.getEntry().get(i).getResource();
            if (resource instanceof DiagnosticReport report) {
                reports++;
                String name = "the DiagnosticReport in entry " + (i + 1);
                Optional<String> problem = report.hasSubject()
                        ? patients.problem(report, report.getSubject(), "the subject of " + name)
                        : Optional.of(name + " has no subject");
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        return reports > 0 ? Optional.empty() : Optional.of("this Bundle has no DiagnosticReport entry");
    }
}
