package org.openspine.fhir.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.model.MediaType;
import org.openspine.platform.audit.AuditAction;
import org.openspine.platform.audit.AuditEntry;
import org.openspine.platform.audit.AuditOutcome;
import org.openspine.platform.audit.AuditRecord;
import org.openspine.platform.audit.AuditSubtype;
import org.openspine.platform.audit.TestAudit;
import org.openspine.platform.security.Access;

/**
 * The platform renders audit events as AuditEvent JSON without HAPI; here HAPI checks that every kind
 * of them is a valid R4 AuditEvent: parsed strictly, and validated against the base definitions.
 */
class AuditEventConformanceTest {

    private static final Clock CLOCK = Clock.systemUTC();

    @Test
    void everyKindOfAuditRecordRendersAsAValidR4AuditEvent() {
        AuditRecord.Builder search = AuditRecord.of(Access.of(TestAudit.CITIZEN), AuditSubtype.SEARCH).patient("p1")
                .request("GET", "/fhir/R4/Observation?patient=p1&_count=200").sourceAddress("2001:db8::7");
        IntStream.range(0, 120).forEach(i -> search.resource("Observation", "o" + i));
        List<AuditRecord> records = List.of(
                AuditRecord.of(new Access(TestAudit.GP, Optional.of("unconscious in ED")), AuditSubtype.READ).patient("p1")
                        .resource("Patient", "p1").request("GET", "/fhir/R4/Patient/p1").sourceAddress("10.0.0.1").build(CLOCK),
                search.build(CLOCK),
                AuditRecord.of(Access.of(TestAudit.SYSTEM), AuditSubtype.TRANSACTION).patients(List.of("p1", "p2"))
                        .resource("Observation", "o1").resource("Condition", "c1").build(CLOCK),
                AuditRecord.of(Access.of(TestAudit.GP), AuditSubtype.DELETE).patient("p1").resource("AllergyIntolerance", "a1")
                        .outcome(AuditOutcome.SERIOUS_FAILURE, "the database was unavailable").build(CLOCK),
                AuditRecord.of(Access.of(TestAudit.GP), AuditSubtype.OPERATION).action(AuditAction.R).patient("p1")
                        .request("GET", "/fhir/R4/Patient/p1/$everything").build(CLOCK),
                AuditRecord.of(Access.of(TestAudit.GP), AuditSubtype.SIGN_IN).sourceAddress("10.0.0.1").build(CLOCK),
                AuditRecord.unauthenticated(AuditSubtype.TOKEN_REJECTED).outcome(AuditOutcome.MINOR_FAILURE, "expired")
                        .sourceAddress("192.0.2.1").build(CLOCK),
                AuditRecord.of(Access.of(TestAudit.GP), AuditSubtype.ACCESS_DENIED).patient("p9")
                        .outcome(AuditOutcome.MINOR_FAILURE, "no legitimate relationship").build(CLOCK),
                AuditRecord.of(new Access(TestAudit.GP, Optional.of("collapsed")), AuditSubtype.BREAK_GLASS).patient("p9")
                        .build(CLOCK));
        FhirCodec codec = new FhirCodec();
        ProfileValidation validation = new ProfileValidation(codec.context(), Optional.empty());

        for (AuditRecord record : records) {
            String json = new AuditEntry(UUID.randomUUID(), record).toFhirJson();
            IBaseResource parsed = codec.parseStrict(json.getBytes(StandardCharsets.UTF_8), MediaType.JSON);
            assertThat(parsed).isInstanceOf(AuditEvent.class);
            OperationOutcome outcome = validation.validate(parsed, Optional.empty());
            assertThat(outcome.getIssue())
                    .as(record.subtype() + ": " + json)
                    .filteredOn(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR
                            || issue.getSeverity() == OperationOutcome.IssueSeverity.FATAL)
                    .extracting(issue -> issue.getDiagnostics() + " at " + issue.getExpression())
                    .isEmpty();
        }
    }
}
