package org.openspine.fhir.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openspine.fhir.search.DerivedParam;
import org.openspine.fhir.search.SearchParam;
import org.openspine.fhir.search.SearchParameters;
import org.openspine.fhir.search.index.IndexEntry.Composite;
import org.openspine.fhir.search.index.IndexEntry.Date;
import org.openspine.fhir.search.index.IndexEntry.Quantity;
import org.openspine.fhir.search.index.IndexEntry.Reference;
import org.openspine.fhir.search.index.IndexEntry.Text;
import org.openspine.fhir.search.index.IndexEntry.Token;
import org.openspine.fhir.search.index.IndexEntry.Uri;

class ResourceIndexerTest {

    private static final FhirContext CONTEXT = FhirContext.forR4();
    private static final SearchParameters PARAMETERS = SearchParameters.r4(CONTEXT.getResourceTypes());
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final ResourceIndexer INDEXER = new ResourceIndexer(CONTEXT, PARAMETERS, LONDON);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false); // as the server reads: 1.50 stays 1.50

    private static final String NHS = "https://fhir.nhs.uk/Id/nhs-number";
    private static final String LOINC = "http://loinc.org";
    private static final String SNOMED = "http://snomed.info/sct";
    private static final String UCUM = "http://unitsofmeasure.org";

    private static final String PATIENT = """
            {"resourceType": "Patient", "id": "p1",
             "meta": {"versionId": "1", "lastUpdated": "2024-05-01T10:00:00.123Z", "source": "https://gp.example/ehr#abc",
                      "profile": ["https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"],
                      "tag": [{"system": "https://openspine.org/tag", "code": "demo", "display": "Demo"}],
                      "security": [{"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "R"}]},
             "identifier": [
               {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9434765919"},
               {"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}],
                         "text": "Hospital number"},
                "system": "https://trust.example/mrn", "value": "MRN123"}],
             "active": true,
             "name": [{"use": "official", "family": "Brontë", "given": ["Zoë", "Émilie"], "prefix": ["Ms"]},
                      {"text": "Zoe  Bronte"}],
             "telecom": [{"system": "phone", "value": "0113 496 0000", "use": "home"},
                         {"system": "email", "value": "zoe@example.org"}],
             "gender": "female",
             "birthDate": "1970-03",
             "_birthDate": {"extension": [{"url": "http://example.org/estimated", "valueBoolean": true}]},
             "deceasedBoolean": false,
             "address": [{"line": ["1 Main Street", "Flat 2"], "city": "Leeds", "district": "West Yorkshire",
                          "postalCode": "LS1 1AA", "country": "GB"}],
             "generalPractitioner": [{"reference": "Practitioner/gp1"}, {"reference": "Organization/org1/_history/3"}],
             "managingOrganization": {"reference": "https://other.example/fhir/Organization/org9"}}
            """;

    private static final String OBSERVATION = """
            {"resourceType": "Observation", "id": "bp1", "status": "final",
             "contained": [{"resourceType": "Practitioner", "id": "nurse"}],
             "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                       "code": "vital-signs", "display": "Vital Signs"}]}],
             "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9", "display": "Blood pressure panel"},
                                 {"system": "http://snomed.info/sct", "code": "75367002", "display": "Blood pressure"}],
                      "text": "Blood pressure"},
             "subject": {"reference": "Patient/1"},
             "encounter": {"reference": "Encounter/e1"},
             "performer": [{"reference": "#nurse"}],
             "effectiveDateTime": "2024-03-05T10:15:30+01:00",
             "valueQuantity": {"value": 93.3, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"},
             "component": [
               {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6", "display": "Systolic blood pressure"}]},
                "valueQuantity": {"value": 120, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}},
               {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4", "display": "Diastolic blood pressure"}]},
                "valueQuantity": {"value": 80, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}}]}
            """;

    // ---- Patient

    @Test
    void namesAreIndexedPartByPartWithoutAccentsOrCase() {
        List<IndexEntry> entries = entries(PATIENT);
        assertThat(at(entries, "Patient.name")).containsExactlyInAnyOrder(
                text("Patient.name", "bronte", "Brontë"), text("Patient.name", "zoe", "Zoë"),
                text("Patient.name", "emilie", "Émilie"), text("Patient.name", "ms", "Ms"),
                text("Patient.name", "zoe bronte", "Zoe  Bronte"));
        assertThat(at(entries, "Patient.family")).containsExactly(text("Patient.family", "bronte", "Brontë"));
        assertThat(at(entries, "Patient.given")).containsExactly(
                text("Patient.given", "zoe", "Zoë"), text("Patient.given", "emilie", "Émilie"));
        assertThat(at(entries, "Patient.phonetic")).hasSize(5);
    }

    @Test
    void aDerivedParameterIsIndexedAsTokensFromWhatItsModuleComputes() {
        SearchParam initials = new SearchParam("Patient", "initials", org.openspine.fhir.search.SearchParamType.TOKEN, "",
                List.of(), List.of(), "https://openspine.example/SearchParameter/Patient-initials");
        DerivedParam derived = new DerivedParam() {
            @Override
            public SearchParam param() {
                return initials;
            }

            @Override
            public java.util.Collection<String> codes(JsonNode resource) {
                return java.util.stream.StreamSupport.stream(resource.path("name").spliterator(), false)
                        .map(name -> name.path("given").path(0).asText("?").substring(0, 1)
                                + name.path("family").asText("?").substring(0, 1)).toList();
            }
        };
        SearchParameters withDerived = PARAMETERS.withDerived(List.of(derived));
        ResourceIndexer indexer = new ResourceIndexer(CONTEXT, withDerived, LONDON, List.of(derived));

        List<IndexEntry> entries = indexer.entries("Patient", json(PATIENT));

        assertThat(at(entries, "Patient.initials")).containsExactlyInAnyOrder(new Token(initials, initials.url(), "ZB"),
                new Token(initials, initials.url(), "??")); // the second name is text only
        assertThat(withDerived.find("Patient", "initials")).contains(initials);
        assertThat(at(entries, "Patient.family")).isNotEmpty();
        assertThatThrownBy(() -> PARAMETERS.withDerived(List.of(new DerivedParam() {
            @Override
            public SearchParam param() {
                return new SearchParam("Patient", "bad", org.openspine.fhir.search.SearchParamType.STRING, "",
                        List.of(), List.of(), "urn:bad");
            }

            @Override
            public java.util.Collection<String> codes(JsonNode resource) {
                return List.of();
            }
        }))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void identifiersGiveSystemAndValueAndTheirTypeForOfTypeAndText() {
        List<IndexEntry> entries = entries(PATIENT);
        SearchParam identifier = param("Patient.identifier");
        assertThat(at(entries, "Patient.identifier")).containsExactlyInAnyOrder(
                new Token(identifier, NHS, "9434765919"),
                new Token(identifier, "https://trust.example/mrn", "MRN123"));
        assertThat(at(entries, "Patient.identifier:of-type")).containsExactly(
                new Token(identifier, "http://terminology.hl7.org/CodeSystem/v2-0203", "MR|MRN123", "of-type"));
        assertThat(at(entries, "Patient.identifier:text")).containsExactly(
                new Text(identifier, "hospital number", "Hospital number", "text"));
    }

    @Test
    void contactPointsUseTheirSystemAsTheTokenSystemAndWhereFiltersBySystem() {
        List<IndexEntry> entries = entries(PATIENT);
        assertThat(at(entries, "Patient.telecom")).containsExactlyInAnyOrder(
                token("Patient.telecom", "phone", "0113 496 0000"),
                token("Patient.telecom", "email", "zoe@example.org"));
        assertThat(at(entries, "Patient.phone")).containsExactly(token("Patient.phone", "phone", "0113 496 0000"));
        assertThat(at(entries, "Patient.email")).containsExactly(token("Patient.email", "email", "zoe@example.org"));
    }

    @Test
    void aPartialBirthDateCoversItsMonthInTheServiceZone() {
        // 1970 was inside the British Standard Time experiment: London ran at UTC+1 all winter
        assertThat(at(entries(PATIENT), "Patient.birthdate")).containsExactly(date("Patient.birthdate",
                london("1970-03-01T00:00"), london("1970-04-01T00:00")));
        assertThat(london("1970-03-01T00:00")).isEqualTo(Instant.parse("1970-02-28T23:00:00Z"));
    }

    @Test
    void addressesGiveEachPartAndTheirOwnParameters() {
        List<IndexEntry> entries = entries(PATIENT);
        assertThat(at(entries, "Patient.address")).extracting(e -> ((Text) e).normalised())
                .containsExactlyInAnyOrder("1 main street", "flat 2", "leeds", "west yorkshire", "ls1 1aa", "gb");
        assertThat(at(entries, "Patient.address-city")).containsExactly(text("Patient.address-city", "leeds", "Leeds"));
        assertThat(at(entries, "Patient.address-postalcode")).containsExactly(
                text("Patient.address-postalcode", "ls1 1aa", "LS1 1AA"));
    }

    @Test
    void referencesGiveTypeIdAndVersionAndAbsoluteOnesAlsoTheirUrl() {
        List<IndexEntry> entries = entries(PATIENT);
        SearchParam gp = param("Patient.general-practitioner");
        assertThat(at(entries, "Patient.general-practitioner")).containsExactly(
                new Reference(gp, "Practitioner", "gp1", null), new Reference(gp, "Organization", "org1", "3"));
        assertThat(at(entries, "Patient.organization")).containsExactly(
                new Reference(param("Patient.organization"), "Organization", "org9", null),
                new Reference(param("Patient.organization"), null, "https://other.example/fhir/Organization/org9", null));
    }

    @Test
    void deceasedIsATokenThatIsFalseUnlessADeceasedValueOtherThanFalseIsPresent() {
        assertThat(at(entries(PATIENT), "Patient.deceased")).containsExactly(token("Patient.deceased", null, "false"));
        assertThat(at(entries(PATIENT), "Patient.death-date")).isEmpty();

        List<IndexEntry> died = entries("""
                {"resourceType": "Patient", "id": "p2", "deceasedDateTime": "2024-01-15T08:30:00Z"}""");
        assertThat(at(died, "Patient.deceased")).containsExactly(token("Patient.deceased", null, "true"));
        assertThat(at(died, "Patient.death-date")).containsExactly(date("Patient.death-date",
                Instant.parse("2024-01-15T08:30:00Z"), Instant.parse("2024-01-15T08:30:01Z")));

        assertThat(at(entries("""
                {"resourceType": "Patient", "id": "p3"}"""), "Patient.deceased"))
                .containsExactly(token("Patient.deceased", null, "false"));
        assertThat(at(entries("""
                {"resourceType": "Patient", "id": "p4", "deceasedBoolean": true}"""), "Patient.deceased"))
                .containsExactly(token("Patient.deceased", null, "true"));
    }

    @Test
    void codesAndBooleansAreTokensWithoutASystem() {
        List<IndexEntry> entries = entries(PATIENT);
        assertThat(at(entries, "Patient.gender")).containsExactly(token("Patient.gender", null, "female"));
        assertThat(at(entries, "Patient.active")).containsExactly(token("Patient.active", null, "true"));
    }

    @Test
    void metaGivesTheResourceParameters() {
        List<IndexEntry> entries = entries(PATIENT);
        // _id and _lastUpdated are columns of the resource row, so they have no index entries
        assertThat(entries).noneMatch(e -> e.param().code().equals("_id") || e.param().code().equals("_lastUpdated"));
        assertThat(at(entries, "Resource._tag")).containsExactly(new Token(param("Patient._tag"), "https://openspine.org/tag", "demo"));
        assertThat(at(entries, "Resource._tag:text")).containsExactly(new Text(param("Patient._tag"), "demo", "Demo", "text"));
        assertThat(at(entries, "Resource._security")).containsExactly(
                new Token(param("Patient._security"), "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R"));
        assertThat(at(entries, "Resource._profile")).containsExactly(
                new Uri(param("Patient._profile"), "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"));
        assertThat(at(entries, "Resource._source")).containsExactly(new Uri(param("Patient._source"), "https://gp.example/ehr#abc"));
    }

    // ---- Observation

    @Test
    void observationCodeGivesEveryCodingAndItsTextsOnce() {
        List<IndexEntry> entries = entries(OBSERVATION);
        SearchParam code = param("Observation.code");
        assertThat(at(entries, "Observation.code")).containsExactlyInAnyOrder(
                new Token(code, LOINC, "85354-9"), new Token(code, SNOMED, "75367002"));
        // the SNOMED display and the concept's text are the same text: one entry
        assertThat(at(entries, "Observation.code:text")).containsExactlyInAnyOrder(
                new Text(code, "blood pressure panel", "Blood pressure panel", "text"),
                new Text(code, "blood pressure", "Blood pressure", "text"));
        assertThat(at(entries, "Observation.category")).containsExactly(new Token(param("Observation.category"),
                "http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs"));
    }

    @Test
    void observationReferencesDatesAndQuantities() {
        List<IndexEntry> entries = entries(OBSERVATION);
        assertThat(at(entries, "Observation.subject")).containsExactly(reference("Observation.subject", "Patient", "1", null));
        assertThat(at(entries, "Observation.patient")).containsExactly(reference("Observation.patient", "Patient", "1", null));
        assertThat(at(entries, "Observation.encounter")).containsExactly(
                reference("Observation.encounter", "Encounter", "e1", null));
        assertThat(at(entries, "Observation.performer")).as("a contained reference is not indexed").isEmpty();
        assertThat(at(entries, "Observation.date")).containsExactly(date("Observation.date",
                Instant.parse("2024-03-05T09:15:30Z"), Instant.parse("2024-03-05T09:15:31Z")));
        assertThat(at(entries, "Observation.value-quantity")).containsExactly(
                quantity("Observation.value-quantity", "93.3"));
        assertThat(at(entries, "Observation.component-value-quantity")).containsExactlyInAnyOrder(
                quantity("Observation.component-value-quantity", "120"), quantity("Observation.component-value-quantity", "80"));
        assertThat(at(entries, "Observation.component-code")).containsExactlyInAnyOrder(
                token("Observation.component-code", LOINC, "8480-6"),
                token("Observation.component-code", LOINC, "8462-4"));
        assertThat(at(entries, "Observation.value-concept")).isEmpty();
    }

    @Test
    void compositesPairCodesWithTheValueOfTheSameElementOnly() {
        List<IndexEntry> entries = entries(OBSERVATION);
        String combo = "Observation.combo-code-value-quantity";
        assertThat(at(entries, combo)).containsExactlyInAnyOrder(
                composite(combo, LOINC, "85354-9", "93.3"), composite(combo, SNOMED, "75367002", "93.3"),
                composite(combo, LOINC, "8480-6", "120"), composite(combo, LOINC, "8462-4", "80"));
        String component = "Observation.component-code-value-quantity";
        assertThat(at(entries, component)).containsExactlyInAnyOrder(
                composite(component, LOINC, "8480-6", "120"), composite(component, LOINC, "8462-4", "80"));
        String own = "Observation.code-value-quantity";
        assertThat(at(entries, own)).containsExactlyInAnyOrder(
                composite(own, LOINC, "85354-9", "93.3"), composite(own, SNOMED, "75367002", "93.3"));
        assertThat(at(entries, "Observation.code-value-concept")).as("no CodeableConcept value").isEmpty();
    }

    @Test
    void identicalEntriesAreKeptOnce() {
        List<IndexEntry> entries = entries(OBSERVATION);
        assertThat(entries).doesNotHaveDuplicates();
        assertThat(at(entries("""
                {"resourceType": "Observation", "status": "final", "code": {"coding": [
                  {"system": "http://loinc.org", "code": "8480-6"}, {"system": "http://loinc.org", "code": "8480-6"}]}}"""),
                "Observation.code")).containsExactly(token("Observation.code", LOINC, "8480-6"));
    }

    // ---- Other resources

    @Test
    void conditionOnsetPeriodWithoutEndIsOpenAndAbatementAgeIsAQuantity() {
        List<IndexEntry> entries = entries("""
                {"resourceType": "Condition", "id": "c1",
                 "code": {"coding": [{"system": "http://snomed.info/sct", "code": "44054006"}]},
                 "subject": {"reference": "Patient/1"},
                 "onsetPeriod": {"start": "2020-06-01"},
                 "abatementAge": {"value": 45, "unit": "years", "system": "http://unitsofmeasure.org", "code": "a"},
                 "recordedDate": "2021-01-02T03:04:05.25Z"}""");
        assertThat(at(entries, "Condition.onset-date")).containsExactly(date("Condition.onset-date",
                Instant.parse("2020-05-31T23:00:00Z"), Instant.MAX));
        assertThat(at(entries, "Condition.abatement-age")).containsExactly(
                new Quantity(param("Condition.abatement-age"), UCUM, "a", new BigDecimal("45"), new BigDecimal("45")));
        assertThat(at(entries, "Condition.onset-age")).isEmpty();
        assertThat(at(entries, "Condition.abatement-date")).isEmpty();
        assertThat(at(entries, "Condition.recorded-date")).as("two fraction digits: a hundredth of a second")
                .containsExactly(date("Condition.recorded-date",
                        Instant.parse("2021-01-02T03:04:05.25Z"), Instant.parse("2021-01-02T03:04:05.26Z")));
    }

    @Test
    void medicationRequestReferencesItsMedicationAndADateCoversTheDay() {
        List<IndexEntry> entries = entries("""
                {"resourceType": "MedicationRequest", "id": "m1", "status": "active", "intent": "order",
                 "medicationReference": {"reference": "Medication/med1"},
                 "subject": {"reference": "Patient/1"},
                 "authoredOn": "2024-02-29",
                 "dosageInstruction": [{"timing": {"event": ["2024-03-01T08:00:00Z", "2024-03-03T08:00:00Z"]}}]}""");
        assertThat(at(entries, "MedicationRequest.medication")).containsExactly(
                reference("MedicationRequest.medication", "Medication", "med1", null));
        assertThat(at(entries, "MedicationRequest.code")).isEmpty();
        assertThat(at(entries, "MedicationRequest.authoredon")).containsExactly(date("MedicationRequest.authoredon",
                Instant.parse("2024-02-29T00:00:00Z"), Instant.parse("2024-03-01T00:00:00Z")));
        assertThat(at(entries, "MedicationRequest.date")).hasSize(2);
        assertThat(at(entries, "MedicationRequest.patient")).containsExactly(
                reference("MedicationRequest.patient", "Patient", "1", null));
    }

    @Test
    void encounterPeriodRunsFromStartToTheEndOfItsLastDay() {
        List<IndexEntry> entries = entries("""
                {"resourceType": "Encounter", "id": "e1", "status": "finished",
                 "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "IMP"},
                 "period": {"start": "2024-01-10T09:00:00+00:00", "end": "2024-01-12"},
                 "length": {"value": 2, "unit": "days", "system": "http://unitsofmeasure.org", "code": "d"},
                 "participant": [{"individual": {"reference": "Practitioner/pr1"}},
                                 {"individual": {"reference": "RelatedPerson/rp1"}}]}""");
        assertThat(at(entries, "Encounter.date")).containsExactly(date("Encounter.date",
                Instant.parse("2024-01-10T09:00:00Z"), Instant.parse("2024-01-13T00:00:00Z")));
        assertThat(at(entries, "Encounter.length")).containsExactly(
                new Quantity(param("Encounter.length"), UCUM, "d", new BigDecimal("2"), new BigDecimal("2")));
        assertThat(at(entries, "Encounter.class")).containsExactly(
                token("Encounter.class", "http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP"));
        assertThat(at(entries, "Encounter.participant")).hasSize(2);
        assertThat(at(entries, "Encounter.practitioner")).containsExactly(
                reference("Encounter.practitioner", "Practitioner", "pr1", null));
    }

    @Test
    void aDocumentBundleReferencesTheResourceInItsFirstEntry() {
        List<IndexEntry> entries = entries("""
                {"resourceType": "Bundle", "id": "b1", "type": "document", "timestamp": "2024-03-05T10:00:00Z",
                 "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0"},
                 "entry": [{"fullUrl": "urn:uuid:a1", "resource": {"resourceType": "Composition", "id": "comp1", "status": "final"}},
                           {"fullUrl": "urn:uuid:a2", "resource": {"resourceType": "Patient", "id": "p1"}}]}""");
        assertThat(at(entries, "Bundle.composition")).containsExactly(
                reference("Bundle.composition", "Composition", "comp1", null));
        // message has the same expression; targets do not filter, so Bundle?message=MessageHeader/x cannot match
        assertThat(at(entries, "Bundle.message")).containsExactly(reference("Bundle.message", "Composition", "comp1", null));
        assertThat(at(entries, "Bundle.type")).containsExactly(token("Bundle.type", null, "document"));
        assertThat(at(entries, "Bundle.identifier")).containsExactly(new Token(param("Bundle.identifier"),
                "urn:ietf:rfc:3986", "urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0"));
        assertThat(at(entries, "Bundle.timestamp")).hasSize(1);
    }

    @Test
    void carePlanScheduleTimingRunsFromFirstToLastEventAndGoalDatesAreDays() {
        List<IndexEntry> carePlan = entries("""
                {"resourceType": "CarePlan", "id": "cp1", "status": "active", "intent": "plan",
                 "subject": {"reference": "Group/g1"},
                 "activity": [{"detail": {"status": "scheduled",
                   "code": {"coding": [{"system": "http://snomed.info/sct", "code": "229065009"}]},
                   "scheduledTiming": {"event": ["2024-06-03T09:00:00Z", "2024-06-01T09:00:00Z", "2024-06-02"]}}},
                   {"detail": {"status": "scheduled", "scheduledPeriod": {"end": "2024-07"}}}]}""");
        SearchParam activityDate = param("CarePlan.activity-date");
        assertThat(at(carePlan, "CarePlan.activity-date")).containsExactlyInAnyOrder(
                new Date(activityDate, Instant.parse("2024-06-01T09:00:00Z"), Instant.parse("2024-06-03T09:00:01Z")),
                new Date(activityDate, Instant.MIN, london("2024-08-01T00:00")));
        assertThat(at(carePlan, "CarePlan.subject")).containsExactly(reference("CarePlan.subject", "Group", "g1", null));
        assertThat(at(carePlan, "CarePlan.patient")).as("the subject is not a Patient").isEmpty();

        List<IndexEntry> goal = entries("""
                {"resourceType": "Goal", "id": "g1", "lifecycleStatus": "active",
                 "description": {"text": "Walk daily"}, "subject": {"reference": "Patient/1"},
                 "startDate": "2024-06-01", "target": [{"dueDate": "2024-12-31"}, {"dueDuration": {"value": 3}}]}""");
        assertThat(at(goal, "Goal.start-date")).containsExactly(date("Goal.start-date",
                london("2024-06-01T00:00"), london("2024-06-02T00:00")));
        assertThat(at(goal, "Goal.target-date")).containsExactly(date("Goal.target-date",
                london("2024-12-31T00:00"), london("2025-01-01T00:00")));
        assertThat(at(goal, "Goal.patient")).containsExactly(reference("Goal.patient", "Patient", "1", null));
    }

    @Test
    void absoluteContainedBundleLocalAndLogicalReferences() {
        List<IndexEntry> entries = entries("""
                {"resourceType": "DiagnosticReport", "id": "dr1", "status": "final",
                 "code": {"text": "Full blood count"},
                 "contained": [{"resourceType": "Observation", "id": "o1", "status": "final", "code": {"text": "Hb"}}],
                 "subject": {"reference": "https://fhir.example.org/r4/Patient/9/_history/2"},
                 "result": [{"reference": "#o1"}],
                 "specimen": [{"reference": "urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0"}],
                 "resultsInterpreter": [{"reference": "https://example.org/staff/dr-who"}],
                 "performer": [{"identifier": {"system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": "RR8"},
                                "type": "Organization"}]}""");
        String absolute = "https://fhir.example.org/r4/Patient/9/_history/2";
        assertThat(at(entries, "DiagnosticReport.subject")).containsExactly(
                new Reference(param("DiagnosticReport.subject"), "Patient", "9", "2"),
                new Reference(param("DiagnosticReport.subject"), null, absolute, null));
        assertThat(at(entries, "DiagnosticReport.patient")).containsExactly(
                new Reference(param("DiagnosticReport.patient"), "Patient", "9", "2"),
                new Reference(param("DiagnosticReport.patient"), null, absolute, null));
        assertThat(at(entries, "DiagnosticReport.result")).isEmpty();
        assertThat(at(entries, "DiagnosticReport.specimen")).isEmpty();
        assertThat(at(entries, "DiagnosticReport.results-interpreter")).containsExactly(
                reference("DiagnosticReport.results-interpreter", null, "https://example.org/staff/dr-who", null));
        assertThat(at(entries, "DiagnosticReport.performer")).isEmpty();
        assertThat(at(entries, "DiagnosticReport.performer:identifier")).containsExactly(new Token(
                param("DiagnosticReport.performer"), "https://fhir.nhs.uk/Id/ods-organization-code", "RR8", "identifier"));
        assertThat(at(entries, "DiagnosticReport.code:text")).containsExactly(
                new Text(param("DiagnosticReport.code"), "full blood count", "Full blood count", "text"));
    }

    @Test
    void numbersKeepTheScaleTheyAreWrittenWith() {
        List<IndexEntry> entries = entries("""
                {"resourceType": "RiskAssessment", "id": "r1", "status": "final", "subject": {"reference": "Patient/1"},
                 "prediction": [{"probabilityDecimal": 0.250}, {"probabilityRange": {"low": {"value": 0.1}}}]}""");
        assertThat(at(entries, "RiskAssessment.probability")).as("a Range is not a number")
                .containsExactly(new IndexEntry.Number(param("RiskAssessment.probability"), new BigDecimal("0.250")));
    }

    @Test
    void aPercentResourceComponentIsReadFromTheResourceForEachElement() {
        List<IndexEntry> entries = entries("""
                {"resourceType": "MolecularSequence", "id": "ms1", "coordinateSystem": 0,
                 "referenceSeq": {"chromosome": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/chromosome-human",
                                                            "code": "1"}]}},
                 "variant": [{"start": 100, "end": 101}, {"start": 200, "end": 201}]}""");
        String key = "MolecularSequence.chromosome-variant-coordinate";
        SearchParam coordinate = param(key);
        Token chromosome = new Token(coordinate, "http://terminology.hl7.org/CodeSystem/chromosome-human", "1");
        assertThat(at(entries, key)).containsExactlyInAnyOrder(
                new Composite(coordinate, List.of(chromosome, number(coordinate, 100), number(coordinate, 101))),
                new Composite(coordinate, List.of(chromosome, number(coordinate, 200), number(coordinate, 201))));
    }

    @Test
    void locationNearIsNotIndexedAndIsListedAsUnsupported() {
        List<IndexEntry> entries = entries("""
                {"resourceType": "Location", "id": "l1", "name": "Leeds General Infirmary", "alias": ["LGI"],
                 "position": {"longitude": -1.5512, "latitude": 53.8017}}""");
        assertThat(at(entries, "Location.name")).containsExactlyInAnyOrder(
                text("Location.name", "leeds general infirmary", "Leeds General Infirmary"), text("Location.name", "lgi", "LGI"));
        assertThat(entries).noneMatch(e -> e.key().equals("Location.near"));
        assertThat(INDEXER.unsupported("Location")).extracting(SearchParam::code)
                .containsExactlyInAnyOrder("near", "_content", "_query", "_text");
    }

    // ---- Parameters loaded by the operator

    @Test
    void extensionParametersAreIndexedInBothSpellings() {
        String ethnicity = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory";
        SearchParameters withExtensions = PARAMETERS.plus(List.of(
                json("""
                        {"resourceType": "SearchParameter", "url": "https://example.org/sp/ethnic", "status": "active",
                         "code": "ethnic-category", "base": ["Patient"], "type": "token",
                         "expression": "Patient.extension('%s').value.as(CodeableConcept)"}""".formatted(ethnicity)),
                json("""
                        {"resourceType": "SearchParameter", "url": "https://example.org/sp/ethnic2", "status": "active",
                         "code": "ethnic-category-2", "base": ["Patient"], "type": "token",
                         "expression": "Patient.extension.where(url = '%s').value"}""".formatted(ethnicity)),
                json("""
                        {"resourceType": "SearchParameter", "url": "https://example.org/sp/odd", "status": "active",
                         "code": "odd", "base": ["Patient"], "type": "string",
                         "expression": "Patient.name.select(given)"}""")));
        ResourceIndexer indexer = new ResourceIndexer(CONTEXT, withExtensions, LONDON);
        List<IndexEntry> entries = indexer.entries("Patient", json("""
                {"resourceType": "Patient", "id": "p5",
                 "extension": [{"url": "https://example.org/other", "valueCodeableConcept": {"coding": [{"code": "X"}]}},
                               {"url": "%s", "valueCodeableConcept": {
                                 "coding": [{"system": "https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategory", "code": "A"}]}}]}"""
                .formatted(ethnicity)));
        Token expected = new Token(withExtensions.find("Patient", "ethnic-category").orElseThrow(),
                "https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategory", "A");
        assertThat(at(entries, "Patient.ethnic-category")).containsExactly(expected);
        assertThat(at(entries, "Patient.ethnic-category-2")).extracting(e -> ((Token) e).code()).containsExactly("A");
        assertThat(indexer.unsupported("Patient")).extracting(SearchParam::code).contains("odd");
    }

    // ---- Every R4 parameter

    @Test
    void everyR4ParameterCompilesButNearAndThoseWithoutAnExpression() {
        List<String> unsupported = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (String type : new TreeSet<>(PARAMETERS.resourceTypes())) {
            INDEXER.unsupported(type).forEach(p -> unsupported.add(p.key()));
            PARAMETERS.of(type).stream()
                    .filter(p -> p.expression().isEmpty() || p.key().equals("Location.near"))
                    .forEach(p -> expected.add(p.key()));
        }
        Set<String> codes = new TreeSet<>();
        unsupported.forEach(key -> codes.add(key.substring(key.indexOf('.') + 1)));
        System.out.printf("unsupported: %d parameters: Location.near, and %s on every type%n", unsupported.size(), codes);
        // The %resource composites (MolecularSequence chromosome-variant-coordinate and
        // referenceseqid-variant-coordinate) compile: %resource restarts at the resource.
        assertThat(unsupported).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(codes).containsExactlyInAnyOrder("near", "_text", "_content", "_query");
    }

    @Test
    void anUnknownResourceTypeIsRefused() {
        assertThatThrownBy(() -> INDEXER.entries("Patiant", json("{}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Patiant");
    }

    @Test
    void measureTheCostOfIndexingAnObservation() {
        JsonNode observation = json(OBSERVATION);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int warmUp = 50_000;
        int iterations = 40_000;
        long sink = 0;
        for (int i = 0; i < warmUp; i++) {
            sink += INDEXER.entries("Observation", observation).size();
        }
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            sink += INDEXER.entries("Observation", observation).size();
        }
        long elapsed = System.nanoTime() - start;
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        // CPU time as well as wall time: on a shared machine the wall clock also counts waiting for a core
        System.out.printf("entries(Observation): %.2f µs CPU, %.2f µs wall per resource; %d entries, %d iterations%n",
                cpu / 1000.0 / iterations, elapsed / 1000.0 / iterations,
                INDEXER.entries("Observation", observation).size(), iterations);
        assertThat(sink).isPositive();
    }

    // ---- helpers

    private static List<IndexEntry> entries(String resource) {
        JsonNode node = json(resource);
        return INDEXER.entries(node.get("resourceType").asText(), node);
    }

    private static List<IndexEntry> at(List<IndexEntry> entries, String key) {
        return entries.stream().filter(e -> e.key().equals(key)).toList();
    }

    private static SearchParam param(String key) {
        int dot = key.indexOf('.');
        return PARAMETERS.find(key.substring(0, dot), key.substring(dot + 1)).orElseThrow();
    }

    private static Token token(String key, String system, String code) {
        return new Token(param(key), system, code);
    }

    private static Reference reference(String key, String type, String target, String version) {
        return new Reference(param(key), type, target, version);
    }

    private static Date date(String key, Instant low, Instant high) {
        return new Date(param(key), low, high);
    }

    private static Text text(String key, String normalised, String exact) {
        return new Text(param(key), normalised, exact, null);
    }

    private static Quantity quantity(String key, String value) {
        return new Quantity(param(key), UCUM, "mm[Hg]", new BigDecimal(value), new BigDecimal(value));
    }

    private static IndexEntry.Number number(SearchParam param, int value) {
        return new IndexEntry.Number(param, BigDecimal.valueOf(value));
    }

    private static Composite composite(String key, String system, String code, String value) {
        return new Composite(param(key), List.of(new Token(param(key), system, code), quantity(key, value)));
    }

    private static Instant london(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(LONDON).toInstant();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
