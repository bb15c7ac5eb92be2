package org.openspine.exchange.assurance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openspine.exchange.assurance.TestLetters.BAD_NHS_NUMBER;
import static org.openspine.exchange.assurance.TestLetters.NHS_NUMBER;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.openspine.platform.identifier.NhsNumber;

/** What counts as a clinical document: FHIR documents (alone or in a message) and PDFs with an NHS Number in their metadata. */
class ClinicalDocumentCheckTest {

    private final ClinicalDocumentCheck check = new ClinicalDocumentCheck(TestLetters.CODEC);

    // ---- FHIR ---------------------------------------------------------------------------------------

    @Test
    void aDocumentBundleAboutAPatientWithAnNhsNumberIsAClinicalDocumentInJsonAndXml() {
        Bundle document = TestLetters.document(TestLetters.patient(Optional.of(NHS_NUMBER)));

        assertThat(check.problem(TestLetters.json(document))).isEmpty();
        assertThat(check.problem(TestLetters.xml(document))).isEmpty();
    }

    @Test
    void aDocumentWithAByteOrderMarkAndLeadingWhitespaceIsReadAsFhir() {
        byte[] xml = TestLetters.xml(TestLetters.document(TestLetters.patient(Optional.of(NHS_NUMBER))));
        byte[] marked = new byte[xml.length + 5];
        marked[0] = (byte) 0xEF;
        marked[1] = (byte) 0xBB;
        marked[2] = (byte) 0xBF;
        marked[3] = '\n';
        marked[4] = ' ';
        System.arraycopy(xml, 0, marked, 5, xml.length);

        assertThat(check.problem(marked)).isEmpty();
    }

    @Test
    void aBundleOfAnotherTypeIsRefusedNamingTheType() {
        Bundle collection = TestLetters.document(TestLetters.patient(Optional.of(NHS_NUMBER)))
                .setType(Bundle.BundleType.COLLECTION);

        assertThat(check.problem(TestLetters.json(collection))).contains("this Bundle has type 'collection'");
    }

    @Test
    void aDocumentMustStartWithAComposition() {
        Bundle document = TestLetters.document(TestLetters.patient(Optional.of(NHS_NUMBER)));
        document.getEntry().add(0, document.getEntry().remove(1));

        assertThat(check.problem(TestLetters.json(document)))
                .contains("this document Bundle's first entry is a Patient, not a Composition");
    }

    @Test
    void theCompositionsSubjectMustBeAPatientInTheBundle() {
        Bundle elsewhere = TestLetters.document(TestLetters.patient(Optional.of(NHS_NUMBER)));
        composition(elsewhere).setSubject(new Reference("Patient/somewhere-else"));
        Bundle group = TestLetters.document(TestLetters.patient(Optional.of(NHS_NUMBER)));
        Group members = new Group().setType(Group.GroupType.PERSON).setActual(true);
        members.setId("g1");
        group.addEntry().setFullUrl("https://hospital.example/fhir/Group/g1").setResource(members);
        composition(group).setSubject(new Reference("Group/g1"));
        Bundle none = TestLetters.document(TestLetters.patient(Optional.of(NHS_NUMBER)));
        composition(none).setSubject(null);

        assertThat(check.problem(TestLetters.json(elsewhere))).contains("this document Bundle's Composition subject "
                + "('Patient/somewhere-else') is not in the Bundle");
        assertThat(check.problem(TestLetters.json(group)))
                .contains("this document Bundle's Composition subject is a Group, not a Patient");
        assertThat(check.problem(TestLetters.json(none))).contains("this document Bundle's Composition has no subject");
    }

    @Test
    void aSubjectByRestfulTypeAndIdOrByNhsNumberIdentifierIsFound() {
        Bundle byId = TestLetters.document(TestLetters.patient(Optional.of(NHS_NUMBER)));
        byId.getEntry().get(1).setFullUrl("https://hospital.example/fhir/Patient/p1");
        composition(byId).setSubject(new Reference("Patient/p1"));
        Bundle byIdentifier = TestLetters.document(TestLetters.patient(Optional.of(NHS_NUMBER)));
        composition(byIdentifier).setSubject(new Reference().setIdentifier(
                new org.hl7.fhir.r4.model.Identifier().setSystem(NhsNumber.SYSTEM).setValue(NHS_NUMBER)));

        assertThat(check.problem(TestLetters.json(byId))).isEmpty();
        assertThat(check.problem(TestLetters.json(byIdentifier))).isEmpty();
    }

    @Test
    void thePatientNeedsOneValidNhsNumber() {
        Bundle without = TestLetters.document(TestLetters.patient(Optional.empty()));
        Bundle invalid = TestLetters.document(TestLetters.patient(Optional.of(BAD_NHS_NUMBER)));
        Bundle two = TestLetters.document(TestLetters.patient(Optional.of(NHS_NUMBER)));
        ((org.hl7.fhir.r4.model.Patient) two.getEntry().get(1).getResource()).addIdentifier()
                .setSystem(NhsNumber.SYSTEM).setValue("9000000009");

        assertThat(check.problem(TestLetters.json(without))).contains("this document Bundle's Composition subject "
                + "(a Patient) has no NHS Number (an identifier with system https://fhir.nhs.uk/Id/nhs-number)");
        assertThat(check.problem(TestLetters.json(invalid))).contains("this document Bundle's Composition subject "
                + "(a Patient) has an NHS Number that is not valid (ten digits with a Modulus 11 check digit)");
        assertThat(check.problem(TestLetters.json(two))).contains("this document Bundle's Composition subject "
                + "(a Patient) has 2 different NHS Numbers, so it cannot be filed for one patient");
    }

    @Test
    void aMessageCarryingADocumentOrADocumentReferenceIsAClinicalDocument() {
        Bundle document = TestLetters.document(TestLetters.patient(Optional.of(NHS_NUMBER)));
        Bundle carryingDocument = TestLetters.message(document);
        Bundle carryingReference = TestLetters.message(TestLetters.documentReference(),
                TestLetters.patient(Optional.of(NHS_NUMBER)));
        Bundle unknownPatient = TestLetters.message(TestLetters.documentReference(),
                TestLetters.patient(Optional.empty()));
        Bundle empty = TestLetters.message(TestLetters.patient(Optional.of(NHS_NUMBER)));

        assertThat(check.problem(TestLetters.json(carryingDocument))).isEmpty();
        assertThat(check.problem(TestLetters.json(carryingReference))).isEmpty();
        assertThat(check.problem(TestLetters.json(unknownPatient))).contains("the subject of the DocumentReference in "
                + "entry 2 of this message (a Patient) has no NHS Number (an identifier with system "
                + "https://fhir.nhs.uk/Id/nhs-number)");
        assertThat(check.problem(TestLetters.json(empty)))
                .contains("this message Bundle carries neither a document Bundle nor a DocumentReference");
    }

    @Test
    void anotherResourceOrBrokenFhirIsRefusedSayingWhat() {
        byte[] patient = TestLetters.json(TestLetters.patient(Optional.of(NHS_NUMBER)));
        byte[] broken = "{\"resourceType\": \"Bundle\", \"type\": \"document\", \"colour\": 1}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(check.problem(patient)).contains("this payload is a FHIR Patient, not a Bundle");
        assertThat(check.problem(broken).orElseThrow()).startsWith("this payload is not valid FHIR JSON: ")
                .contains("colour");
        assertThat(check.problem("Dear Dr Smith".getBytes(StandardCharsets.UTF_8)))
                .contains("this payload is neither FHIR (JSON or XML) nor a PDF");
    }

    // ---- PDF ----------------------------------------------------------------------------------------

    @Test
    void aPdfWithAnNhsNumberEntryInItsDocumentInformationIsAClinicalDocument() {
        assertThat(check.problem(TestLetters.pdf(Map.of("NHSNumber", "943 476 5919")))).isEmpty();
        assertThat(check.problem(TestLetters.pdf(Map.of("Patient_NHS_Number", NHS_NUMBER)))).isEmpty();
        assertThat(check.problem(TestLetters.pdf(Map.of("Subject", "Clinic letter, NHS Number: 943-476-5919"))))
                .isEmpty();
    }

    @Test
    void aPdfWithAnNhsNumberInItsXmpIsAClinicalDocument() {
        byte[] element = TestLetters.pdf(Map.of(), Optional.of(TestLetters.xmp(
                "<nhs:NHSNumber>" + NHS_NUMBER + "</nhs:NHSNumber>")), Optional.empty());
        byte[] keyword = TestLetters.pdf(Map.of(), Optional.of(TestLetters.xmp(
                "<dc:subject><rdf:Bag><rdf:li>discharge</rdf:li><rdf:li>NHS No. 943 476 5919</rdf:li></rdf:Bag>"
                        + "</dc:subject>")), Optional.empty());

        assertThat(check.problem(element)).isEmpty();
        assertThat(check.problem(keyword)).isEmpty();
    }

    @Test
    void aPdfWithoutAnNhsNumberInItsMetadataIsRefused() {
        byte[] unlabelled = TestLetters.pdf(Map.of("Subject", "Letter for 9434765919"));

        assertThat(check.problem(unlabelled)).contains("this PDF's metadata carries no NHS Number (looked for in its "
                + "document information entries and its XMP metadata)");
    }

    @Test
    void aPdfWithAnInvalidOrTwoDifferentNhsNumbersIsRefused() {
        byte[] invalid = TestLetters.pdf(Map.of("NHSNumber", BAD_NHS_NUMBER));
        byte[] two = TestLetters.pdf(Map.of("NHSNumber", NHS_NUMBER, "Keywords", "NHS Number 9000000009"));

        assertThat(check.problem(invalid)).contains("the NHS Number in this PDF's document information entry "
                + "'NHSNumber' is not valid (ten digits with a Modulus 11 check digit)");
        assertThat(check.problem(two))
                .contains("this PDF's metadata carries 2 different NHS Numbers, so it cannot be filed for one patient");
    }

    @Test
    void aPasswordProtectedOrBrokenPdfIsRefused() {
        byte[] locked = TestLetters.pdf(Map.of("NHSNumber", NHS_NUMBER), Optional.empty(), Optional.of("secret"));
        byte[] broken = "%PDF-1.7\nnot really a PDF".getBytes(StandardCharsets.US_ASCII);

        assertThat(check.problem(locked)).contains("this PDF is password-protected, so its metadata cannot be read");
        assertThat(check.problem(broken).orElseThrow()).startsWith("this PDF cannot be read: ");
    }

    @Property(tries = 200)
    void everyValidNhsNumberLabelledInAPdfsKeywordsIsFound(@ForAll("nhsNumbers") String number) {
        String spaced = number.substring(0, 3) + " " + number.substring(3, 6) + " " + number.substring(6);

        assertThat(PdfMetadata.nhsNumber(TestLetters.pdf(Map.of("Keywords", "letter; NHS Number: " + spaced))))
                .isEqualTo(new PdfMetadata.Finding.Found(new NhsNumber(number)));
    }

    @Property(tries = 300)
    void arbitraryBytesAreAnsweredWithAProblemNeverAnException(@ForAll byte[] payload) {
        assertThat(check.problem(payload)).isPresent();
    }

    @Provide
    Arbitrary<String> nhsNumbers() {
        return Arbitraries.strings().numeric().ofLength(9)
                .filter(stem -> NhsNumber.checkDigit(stem) >= 0)
                .map(stem -> stem + NhsNumber.checkDigit(stem));
    }

    private static org.hl7.fhir.r4.model.Composition composition(Bundle document) {
        return (org.hl7.fhir.r4.model.Composition) document.getEntry().get(0).getResource();
    }
}
