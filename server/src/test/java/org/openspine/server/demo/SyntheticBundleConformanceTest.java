package org.openspine.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated bundles read as FHIR R4 to HAPI's strict parser and instance validator. */
class SyntheticBundleConformanceTest {

    private static final FhirContext R4 = FhirContext.forR4();
    private static FhirValidator validator;

    private final SyntheticPopulation population = new SyntheticPopulation(2024);

    @BeforeAll
    static void buildValidator() {
        // No SNOMED, LOINC or dm+d server here: unknown codes in those systems come back as warnings, while
        // structure, cardinality, invariants, required bindings and UCUM are still checked.
        ValidationSupportChain support = new ValidationSupportChain(
                new DefaultProfileValidationSupport(R4),
                new CommonCodeSystemsTerminologyService(R4),
                new InMemoryTerminologyServerValidationSupport(R4),
                new SnapshotGeneratingValidationSupport(R4));
        validator = R4.newValidator().registerValidatorModule(new FhirInstanceValidator(support));
    }

    @Test
    void every_patient_bundle_parses_strictly_as_an_r4_transaction() {
        for (int index = 0; index < 500; index++) {
            Bundle bundle = strictParse(population.patientBundle(index).json());

            assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
            assertThat(bundle.getEntry()).allSatisfy(entry -> {
                assertThat(entry.getFullUrl()).startsWith("urn:uuid:");
                assertThat(entry.getRequest().getMethod()).isEqualTo(HTTPVerb.POST);
                assertThat(entry.getRequest().getUrl()).isEqualTo(entry.getResource().fhirType());
            });
        }
    }

    @Test
    void every_reference_in_a_patient_bundle_resolves_inside_it_or_to_the_organisations_bundle() {
        Set<String> conditionalTargets = conditionalTargets(strictParse(population.organisationsBundle()));

        for (int index = 0; index < 500; index++) {
            Bundle bundle = strictParse(population.patientBundle(index).json());
            Set<String> fullUrls = new HashSet<>();
            bundle.getEntry().forEach(entry -> assertThat(fullUrls.add(entry.getFullUrl())).isTrue());

            for (BundleEntryComponent entry : bundle.getEntry()) {
                for (Reference reference : references(entry.getResource())) {
                    String target = reference.getReference();
                    if (target.startsWith("urn:uuid:")) {
                        assertThat(fullUrls).as("index %d, %s", index, entry.getResource().fhirType())
                                .contains(target);
                    } else {
                        assertThat(conditionalTargets).as("index %d", index).contains(target);
                    }
                }
            }
            String patientUrl = bundle.getEntryFirstRep().getFullUrl();
            assertThat(bundle.getEntry().stream().skip(1).flatMap(e -> references(e.getResource()).stream())
                    .map(Reference::getReference)).contains(patientUrl);
        }
    }

    @Test
    void the_organisations_bundle_is_conditional_updates_of_four_practices_a_trust_and_their_clinicians() {
        Bundle bundle = strictParse(population.organisationsBundle());

        List<String> odsCodes = new ArrayList<>();
        for (BundleEntryComponent entry : bundle.getEntry()) {
            assertThat(entry.getRequest().getMethod()).isEqualTo(HTTPVerb.PUT);
            assertThat(entry.getRequest().getUrl()).startsWith(entry.getResource().fhirType() + "?identifier=");
            if (entry.getResource() instanceof Organization organisation) {
                Identifier ods = organisation.getIdentifierFirstRep();
                assertThat(ods.getSystem()).isEqualTo("https://fhir.nhs.uk/Id/ods-organization-code");
                assertThat(entry.getRequest().getUrl())
                        .isEqualTo("Organization?identifier=" + ods.getSystem() + "|" + ods.getValue());
                odsCodes.add(ods.getValue());
            }
            if (entry.getResource() instanceof Practitioner practitioner) {
                assertThat(practitioner.getIdentifierFirstRep().getSystem())
                        .isEqualTo("https://fhir.nhs.uk/Id/sds-user-id");
            }
        }
        assertThat(odsCodes).containsExactly("A81001", "A81002", "A81003", "A81004", "RX1");
        assertThat(bundle.getEntry()).filteredOn(e -> e.getResource().fhirType().equals("PractitionerRole"))
                .hasSize(10);
    }

    @Test
    void the_instance_validator_finds_no_errors_in_the_bundles() {
        List<String> errors = new ArrayList<>(errors(population.organisationsBundle()));
        for (int index = 0; index < 40; index++) {
            errors.addAll(errors(population.patientBundle(index).json()));
        }

        assertThat(errors).isEmpty();
    }

    private static Bundle strictParse(String json) {
        IParser parser = R4.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
        return parser.parseResource(Bundle.class, json);
    }

    private static List<String> errors(String json) {
        return validator.validateWithResult(json).getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(SingleValidationMessage::toString)
                .toList();
    }

    private static Set<String> conditionalTargets(Bundle organisations) {
        Set<String> targets = new HashSet<>();
        for (BundleEntryComponent entry : organisations.getEntry()) {
            String type = entry.getResource().fhirType();
            if (type.equals("Organization") || type.equals("Practitioner")) {
                targets.add(entry.getRequest().getUrl());
            }
        }
        return targets;
    }

    /** @return every Reference anywhere inside {@code element} */
    private static List<Reference> references(Base element) {
        List<Reference> found = new ArrayList<>();
        for (var property : element.children()) {
            for (Base value : property.getValues()) {
                if (value instanceof Reference reference && reference.hasReference()) {
                    found.add(reference);
                }
                found.addAll(references(value));
            }
        }
        return found;
    }
}
