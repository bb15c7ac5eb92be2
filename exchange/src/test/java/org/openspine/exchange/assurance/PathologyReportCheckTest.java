package org.openspine.exchange.assurance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openspine.exchange.assurance.TestLetters.NHS_NUMBER;

import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.junit.jupiter.api.Test;

/** What counts as a pathology report: a FHIR Bundle whose DiagnosticReports are each about a Patient with an NHS Number. */
class PathologyReportCheckTest {

    private final PathologyReportCheck check = new PathologyReportCheck(TestLetters.CODEC);

    @Test
    void aBundleWithADiagnosticReportAboutAPatientWithAnNhsNumberIsAPathologyReport() {
        Bundle report = TestLetters.message(TestLetters.diagnosticReport(), TestLetters.patient(Optional.of(NHS_NUMBER)));

        assertThat(check.problem(TestLetters.json(report))).isEmpty();
        assertThat(check.problem(TestLetters.xml(report.setType(Bundle.BundleType.COLLECTION)))).isEmpty();
    }

    @Test
    void aBundleWithoutADiagnosticReportIsRefused() {
        Bundle document = TestLetters.document(TestLetters.patient(Optional.of(NHS_NUMBER)));

        assertThat(check.problem(TestLetters.json(document))).contains("this Bundle has no DiagnosticReport entry");
    }

    @Test
    void everyDiagnosticReportNeedsAPatientWithAnNhsNumber() {
        DiagnosticReport anonymous = TestLetters.diagnosticReport();
        anonymous.setSubject(null);
        Bundle second = TestLetters.message(TestLetters.diagnosticReport(), TestLetters.patient(Optional.of(NHS_NUMBER)),
                anonymous);
        Bundle unknown = TestLetters.message(TestLetters.diagnosticReport(), TestLetters.patient(Optional.empty()));

        assertThat(check.problem(TestLetters.json(second))).contains("the DiagnosticReport in entry 4 has no subject");
        assertThat(check.problem(TestLetters.json(unknown))).contains("the subject of the DiagnosticReport in entry 2 "
                + "(a Patient) has no NHS Number (an identifier with system https://fhir.nhs.uk/Id/nhs-number)");
    }

    @Test
    void aPdfOrPlainTextIsNotAPathologyReport() {
        assertThat(check.problem(TestLetters.pdf(Map.of("NHSNumber", NHS_NUMBER)))).contains("this payload is a PDF");
        assertThat(check.problem("UNA:+.? 'UNB+UNOA:2".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .contains("this payload is not FHIR (JSON or XML)");
    }
}
