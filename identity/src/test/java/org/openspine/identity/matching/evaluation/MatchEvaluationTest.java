package org.openspine.identity.matching.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.openspine.identity.matching.MatchKeys;

class MatchEvaluationTest {

    @Test
    void matchingTenThousandPatientsReachesNinetyNinePercentPrecisionAtNinetyFivePercentRecall() {
        EvaluationReport report = MatchEvaluation.prepare(10_000, 10_000, 42).run();

        assertThat(report.queries()).isEqualTo(10_000);
        assertThat(report.outsiders().queries()).isEqualTo(1_000);
        assertThat(report.kinds()).allSatisfy(kind -> assertThat(kind.queries()).isPositive());
        assertThat(report.precision()).isGreaterThanOrEqualTo(0.99);
        assertThat(report.recall()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void blockingFetchesTheRightRecordWithAFewCandidates() {
        EvaluationReport report = MatchEvaluation.prepare(10_000, 2_000, 7).run();

        assertThat(report.blockingRecall()).isGreaterThanOrEqualTo(0.99);
        assertThat(report.blocking().maxKeysPerRecord()).isLessThanOrEqualTo(MatchKeys.MAX_KEYS);
        assertThat(report.blocking().meanCandidates()).isLessThan(10);
    }

    @Test
    void theNhsNumberDecidesWheneverBothHaveOne() {
        EvaluationReport.NhsNumberCheck check = MatchEvaluation.prepare(2_000, 100, 3).run().nhsNumbers();

        assertThat(check.sameNumber()).isEqualTo(1_000);
        assertThat(check.certain()).isEqualTo(check.sameNumber());
        assertThat(check.rejected()).isEqualTo(check.otherNumber());
    }

    @Test
    void theSameSeedGivesTheSameFigures() {
        assertThat(MatchEvaluation.prepare(1_000, 500, 11).run()).isEqualTo(MatchEvaluation.prepare(1_000, 500, 11)
                .run());
    }

    @Test
    void aPopulationTooSmallToMeasureIsRefused() {
        assertThatThrownBy(() -> MatchEvaluation.prepare(9, 10, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("patients must be at least 10, was 9");
    }
}
