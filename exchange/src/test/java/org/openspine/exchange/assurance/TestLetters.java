package org.openspine.exchange.assurance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.platform.identifier.NhsNumber;

/**
 * Letters and reports for assurance tests: FHIR Bundles built with HAPI's model and encoded as JSON or XML,
 * and real PDFs made with PDFBox carrying what metadata a test asks for.
 */
public final class TestLetters {

    /** A valid NHS Number (the one in NHS Digital's examples). */
    public static final String NHS_NUMBER = "9434765919";
    /** Ten digits whose check digit is wrong. */
    public static final String BAD_NHS_NUMBER = "9434765911";
    public static final FhirCodec CODEC = new FhirCodec();
    private static final String PATIENT_URL = "urn:uuid:7b0c1a52-5e1f-4a1b-9a4c-1f1d7b3c0a01";

    private TestLetters() {
    }

    /** @return a Patient with the NHS Number, or with no identifier when {@code nhsNumber} is empty */
    public static Patient patient(Optional<String> nhsNumber) {
        Patient patient = new Patient();
        patient.setId("p1");
        nhsNumber.ifPresent(n -> patient.addIdentifier().setSystem(NhsNumber.SYSTEM).setValue(n));
        patient.addName().setFamily("Example").addGiven("Pat");
        return patient;
    }

    /** @return a discharge summary as a FHIR document: a Composition about the Patient, then the Patient */
    public static Bundle document(Patient patient) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.DOCUMENT);
        bundle.getIdentifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:0f3f0b7e-93a2-4f4e-8f6e-9a1c2b3d4e5f");
        bundle.getTimestampElement().setValueAsString("2026-11-20T16:00:00Z");
        Composition composition = new Composition();
        composition.setId("c1");
        composition.setStatus(Composition.CompositionStatus.FINAL);
        composition.getType().addCoding().setSystem("http://snomed.info/sct").setCode("373942005")
                .setDisplay("Discharge summary");
        composition.getDateElement().setValueAsString("2026-11-20T16:00:00Z");
        composition.setTitle("Discharge summary");
        composition.addAuthor().setDisplay("Ward 7");
        composition.setSubject(new Reference(PATIENT_URL));
        bundle.addEntry().setFullUrl("urn:uuid:2c1e8a4e-0c7d-4b87-9f55-3b2f0d1e6a77").setResource(composition);
        bundle.addEntry().setFullUrl(PATIENT_URL).setResource(patient);
        return bundle;
    }

    /** @return an ITK3-style message Bundle: a MessageHeader, then {@code content} */
    public static Bundle message(Resource... content) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.MESSAGE);
        MessageHeader header = new MessageHeader();
        header.setId("h1");
        header.getEventCoding().setSystem("https://fhir.nhs.uk/CodeSystem/message-event").setCode("example");
        header.getSource().setEndpoint("urn:nhs-uk:addressing:ods:RX1");
        bundle.addEntry().setFullUrl("urn:uuid:5a0c6f1e-2b7d-4f3a-8c1e-6d2b9e0f1a33").setResource(header);
        for (int i = 0; i < content.length; i++) {
            String url = content[i] instanceof Patient ? PATIENT_URL : "urn:uuid:00000000-0000-4000-8000-00000000000" + i;
            bundle.addEntry().setFullUrl(url).setResource(content[i]);
        }
        return bundle;
    }

    /** @return a DocumentReference (a PDF letter's index entry) about the test Patient */
    public static DocumentReference documentReference() {
        DocumentReference reference = new DocumentReference();
        reference.setId("d1");
        reference.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
        reference.setSubject(new Reference(PATIENT_URL));
        reference.addContent().getAttachment().setContentType("application/pdf").setUrl("urn:uuid:binary");
        return reference;
    }

    /** @return a final DiagnosticReport about the test Patient */
    public static DiagnosticReport diagnosticReport() {
        DiagnosticReport report = new DiagnosticReport();
        report.setId("r1");
        report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
        report.getCode().addCoding().setSystem("http://snomed.info/sct").setCode("26958001").setDisplay("Haematology");
        report.setSubject(new Reference(PATIENT_URL));
        return report;
    }

    /** @return the resource as FHIR JSON bytes */
    public static byte[] json(Resource resource) {
        return CODEC.encodeStored(resource).getBytes(StandardCharsets.UTF_8);
    }

    /** @return the resource as FHIR XML bytes */
    public static byte[] xml(Resource resource) {
        return CODEC.context().newXmlParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param information document information entries (standard ones such as {@code Subject}, or custom)
     * @param xmp         an XMP packet for the catalogue's metadata stream
     * @param userPassword a password needed to open it
     * @return a one-page PDF with that metadata
     */
    public static byte[] pdf(Map<String, String> information, Optional<String> xmp, Optional<String> userPassword) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            document.addPage(new PDPage());
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle("Clinic letter");
            information.forEach(info::setCustomMetadataValue);
            if (xmp.isPresent()) {
                PDMetadata metadata = new PDMetadata(document);
                metadata.importXMPMetadata(xmp.get().getBytes(StandardCharsets.UTF_8));
                document.getDocumentCatalog().setMetadata(metadata);
            }
            if (userPassword.isPresent()) {
                StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", userPassword.get(),
                        new AccessPermission());
                policy.setEncryptionKeyLength(128);
                document.protect(policy);
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a PDF whose only metadata is the information entries */
    public static byte[] pdf(Map<String, String> information) {
        return pdf(information, Optional.empty(), Optional.empty());
    }

    /** @return an XMP packet whose rdf:Description holds {@code properties} (already-namespaced XML) */
    public static String xmp(String properties) {
        return """
                <?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
                <x:xmpmeta xmlns:x="adobe:ns:meta/">
                 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
                  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
                      xmlns:nhs="https://fhir.openspine.org/xmp/nhs/">
                """ + properties + """
                  </rdf:Description>
                 </rdf:RDF>
                </x:xmpmeta>
                <?xpacket end="w"?>""";
    }
}
