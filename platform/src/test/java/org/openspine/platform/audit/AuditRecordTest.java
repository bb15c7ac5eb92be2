package org.openspine.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openspine.platform.security.Access;

class AuditRecordTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T09:00:00.000000999Z"), ZoneOffset.UTC);

    @Test
    void aStaffReadIsForTreatmentByTheActingRoleProfileAtTheClocksTimeToTheMicrosecond() {
        AuditRecord record = AuditRecord.of(Access.of(TestAudit.GP), AuditSubtype.READ).patient("p1")
                .resource("Patient", "p1").request("GET", "/fhir/R4/Patient/p1").sourceAddress("10.1.2.3")
                .requestId("req-1").build(CLOCK);

        assertThat(record).isEqualTo(new AuditRecord(Instant.parse("2026-11-21T09:00:00Z"), AuditSubtype.READ,
                AuditAction.R, AuditOutcome.SUCCESS, Optional.empty(),
                new AuditAgent.Staff("555021935107", "Dr Ada Okafor", "R8000", "R0260", "Y12345"), List.of("p1"),
                List.of(new ResourceRef("Patient", "p1")), 1, Optional.of(new PurposeOfUse.Treatment()),
                Optional.of(new RequestLine("GET", "/fhir/R4/Patient/p1")), Optional.of("10.1.2.3"), Optional.of("req-1")));
        assertThat(record.kind()).isEqualTo(EventKind.PATIENT_RECORD);
    }

    @Test
    void theAccessDecidesThePurposeBreakGlassWithItsReasonACitizensOwnRequestOrNoneForSecurityEvents() {
        assertThat(AuditRecord.of(new Access(TestAudit.GP, Optional.of("  unconscious  ")), AuditSubtype.READ)
                .patient("p1").build(CLOCK).purpose()).contains(new PurposeOfUse.BreakGlass("unconscious"));
        assertThat(AuditRecord.of(Access.of(TestAudit.CITIZEN), AuditSubtype.SEARCH).build(CLOCK).purpose())
                .contains(new PurposeOfUse.PatientRequest());
        assertThat(AuditRecord.of(Access.of(TestAudit.SYSTEM), AuditSubtype.SIGN_IN).build(CLOCK).purpose()).isEmpty();
        assertThat(AuditRecord.of(Access.of(TestAudit.CITIZEN), AuditSubtype.SEARCH).build(CLOCK).agent())
                .isEqualTo(new AuditAgent.Citizen("nhs-login-7f3a", "Sam Patel", "9000000009"));
    }

    @Test
    void patientsAreKeptOnceEachInOrderAndResourcesAreBoundedButCounted() {
        AuditRecord.Builder search = AuditRecord.of(Access.of(TestAudit.GP), AuditSubtype.SEARCH)
                .patients(List.of("b", "a", "b")).patient("a");
        IntStream.range(0, 250).forEach(i -> search.resource("Observation", "o" + i));

        AuditRecord record = search.build(CLOCK);

        assertThat(record.patients()).containsExactly("b", "a");
        assertThat(record.resources()).hasSize(AuditRecord.MAX_RESOURCES).first().isEqualTo(new ResourceRef("Observation", "o0"));
        assertThat(record.resourceCount()).isEqualTo(250);
    }

    @Test
    void anAccessTokenInTheQueryNeverReachesTheTrailAndLongTargetsAreCut() {
        RequestLine line = new RequestLine("GET", "/fhir/R4/Patient?name=x&access_token=eyJhbGci.secret.sig&_count=5");
        assertThat(line.target()).isEqualTo("/fhir/R4/Patient?name=x&access_token=***&_count=5");
        assertThat(new RequestLine("GET", "/" + "x".repeat(5000)).target()).hasSize(RequestLine.MAX_TARGET).endsWith("\u2026");
    }

    @Test
    void partsThatDoNotFitTogetherAreRefused() {
        assertThatThrownBy(() -> AuditRecord.of(Access.of(TestAudit.GP), AuditSubtype.BREAK_GLASS).patient("p1").build(CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a break-glass audit record needs the break-glass reason as its purpose");
        assertThatThrownBy(() -> AuditRecord.unauthenticated(AuditSubtype.READ).build(CLOCK))
                .hasMessage("only an authenticated caller reaches patient data or breaks the glass; audit read needs one");
        assertThatThrownBy(() -> AuditRecord.of(Access.of(TestAudit.GP), AuditSubtype.READ).patient("Patient/1").build(CLOCK))
                .hasMessage("not a Patient id: Patient/1");
        assertThatThrownBy(() -> new ResourceRef("observation", "1")).hasMessage("not a FHIR resource reference: observation/1");
        assertThatThrownBy(() -> new PurposeOfUse.BreakGlass(" ")).hasMessage("a break-glass purpose needs a reason");
    }

    @Test
    void anOperationThatOnlyReadsMayOverrideItsUsualAction() {
        assertThat(AuditRecord.of(Access.of(TestAudit.GP), AuditSubtype.OPERATION).action(AuditAction.R).build(CLOCK).action())
                .isEqualTo(AuditAction.R);
        assertThat(AuditSubtype.PATCH.usualAction()).isEqualTo(AuditAction.U);
        assertThat(AuditSubtype.of("token-rejected")).isEqualTo(AuditSubtype.TOKEN_REJECTED);
    }
}
