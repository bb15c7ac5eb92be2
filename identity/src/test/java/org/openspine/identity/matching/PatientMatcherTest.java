package org.openspine.identity.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.openspine.identity.matching.Evidence.Agreement;
import org.openspine.identity.matching.Evidence.Field;

class PatientMatcherTest {

    private static final Demographics RECORD = new Demographics("9434765919", "Williams", List.of("Catherine",
            "Mary"), LocalDate.of(1978, 3, 12), "female", "LS6 3BE");
    private static final Demographics QUERY = RECORD.withoutNhsNumber();

    private final PatientMatcher matcher = new PatientMatcher();

    @Test
    void equalNhsNumbersAreCertain() {
        MatchScore score = matcher.score(new Demographics("943 476 5919", null, List.of(), null, null, null), RECORD);

        assertThat(score.strength()).isEqualTo(new Strength.Certain());
        assertThat(score.score()).isEqualTo(1.0);
    }

    @Test
    void differentNhsNumbersNeverMatchWhateverTheDemographicsSay() {
        Demographics other = new Demographics("9000000009", RECORD.family(), RECORD.given(), RECORD.birthDate(),
                RECORD.gender(), RECORD.postcode());

        MatchScore score = matcher.score(other, RECORD);

        assertThat(score.strength()).isEqualTo(new Strength.NoMatch(Strength.Reason.NHS_NUMBER_DIFFERS));
        assertThat(score.score()).isZero();
    }

    @Test
    void anEqualNhsNumberContradictedByTheBirthDateOrGivenNameNeedsALook() {
        Demographics baby = new Demographics("9434765919", "Williams", List.of("Ava"), LocalDate.of(2025, 5, 1),
                "female", "LS6 3BE");

        assertThat(matcher.score(baby, RECORD).strength())
                .isEqualTo(new Strength.Possible(Strength.Reason.NHS_NUMBER_CONTRADICTED));
    }

    @Test
    void anInvalidNhsNumberIsIgnoredRatherThanTakenAsDifferent() {
        Demographics mistyped = new Demographics("9434765918", RECORD.family(), RECORD.given(), RECORD.birthDate(),
                RECORD.gender(), RECORD.postcode());

        MatchScore score = matcher.score(mistyped, RECORD);

        assertThat(score.agreement(Field.NHS_NUMBER)).isEqualTo(Agreement.MISSING);
        assertThat(score.strength()).isEqualTo(new Strength.Match());
    }

    @Test
    void theSameDemographicsWrittenDifferentlyMatch() {
        Demographics typed = new Demographics(null, "WILLIAMS", List.of("catherine"), LocalDate.of(1978, 3, 12), "F",
                "ls63be");

        MatchScore score = matcher.score(typed, RECORD);

        assertThat(score.strength()).isEqualTo(new Strength.Match());
        assertThat(score.evidence()).extracting(Evidence::agreement).containsExactly(Agreement.MISSING,
                Agreement.EXACT, Agreement.EXACT, Agreement.EXACT, Agreement.EXACT, Agreement.EXACT, Agreement.EXACT,
                Agreement.EXACT);
    }

    @Test
    void aMissingFieldWeighsNothing() {
        MatchScore full = matcher.score(QUERY, RECORD);
        for (Demographics partial : List.of(
                new Demographics(null, "Williams", List.of("Catherine"), LocalDate.of(1978, 3, 12), "female", null),
                new Demographics(null, "Williams", List.of("Catherine"), LocalDate.of(1978, 3, 12), null, "LS6 3BE"),
                new Demographics(null, "Williams", List.of(), LocalDate.of(1978, 3, 12), "female", "LS6 3BE"))) {
            MatchScore score = matcher.score(partial, RECORD);
            Evidence missing = score.evidence().stream().filter(e -> e.agreement() == Agreement.MISSING
                    && e.field() != Field.NHS_NUMBER && e.field() != Field.TWIN).findFirst().orElseThrow();
            double present = full.evidence().stream().filter(e -> e.field() == missing.field()).findFirst()
                    .orElseThrow().weight();

            assertThat(missing.weight()).isZero();
            assertThat(score.weight()).isCloseTo(full.weight() - present - twinCorrection(full)
                    + twinCorrection(score), within(1e-9));
        }
    }

    @Test
    void keyingSlipsStillMatch() {
        Demographics slips = new Demographics(null, "Wiliams", List.of("Catherine"), LocalDate.of(1978, 12, 3),
                "female", "LS6 3EB");

        MatchScore score = matcher.score(slips, RECORD);

        assertThat(score.strength()).isEqualTo(new Strength.Match());
        assertThat(score.agreement(Field.FAMILY)).isEqualTo(Agreement.CLOSE);
        assertThat(score.agreement(Field.BIRTH_DATE)).isEqualTo(Agreement.CLOSE);
        assertThat(score.agreement(Field.POSTCODE)).isEqualTo(Agreement.CLOSE);
    }

    @Test
    void swappedNamesMatchAtASmallCost() {
        Demographics swapped = new Demographics(null, "Catherine", List.of("Williams"), LocalDate.of(1978, 3, 12),
                "female", "LS6 3BE");

        MatchScore score = matcher.score(swapped, RECORD);

        assertThat(score.strength()).isEqualTo(new Strength.Match());
        assertThat(score.agreement(Field.NAME_ORDER)).isEqualTo(Agreement.DIFFERENT);
        assertThat(score.weight()).isLessThan(matcher.score(QUERY, RECORD).weight());
    }

    @Test
    void aTwinIsNoMatchForTheirCoTwinButAtMostPossible() {
        Demographics twin = new Demographics(null, "Williams", List.of("Elizabeth"), LocalDate.of(1978, 3, 12),
                "female", "LS6 3BE");

        MatchScore score = matcher.score(twin, RECORD);

        assertThat(score.isMatch()).isFalse();
        assertThat(score.agreement(Field.TWIN)).isEqualTo(Agreement.EXACT);
    }

    @Test
    void theFamilyNameBirthDateAndPostcodeAloneLeaveTheDoubtOfATwin() {
        Demographics noGiven = new Demographics(null, "Williams", List.of(), LocalDate.of(1978, 3, 12), null,
                "LS6 3BE");

        MatchScore score = matcher.score(noGiven, RECORD);

        assertThat(score.weight()).isCloseTo(FieldWeights.TWIN_CAP, within(1e-9));
        assertThat(score.score()).isBetween(0.97, 0.99);
    }

    @Test
    void aBirthDateOrGenderThatDisagreesOutrightCapsTheStrengthAtPossible() {
        Demographics father = new Demographics(null, "Williams", List.of("Catherine"), LocalDate.of(1950, 7, 30),
                "female", "LS6 3BE");
        Demographics otherGender = new Demographics(null, "Williams", List.of("Catherine"), LocalDate.of(1978, 3,
                12), "male", "LS6 3BE");

        assertThat(matcher.score(father, RECORD).isMatch()).isFalse();
        assertThat(matcher.score(otherGender, RECORD).strength())
                .isEqualTo(new Strength.Possible(Strength.Reason.FIELD_CONTRADICTED));
    }

    @Test
    void aStrangerIsNoMatch() {
        Demographics stranger = new Demographics(null, "Patel", List.of("Rajesh"), LocalDate.of(1961, 11, 2), "male",
                "BD7 1AA");

        MatchScore score = matcher.score(stranger, RECORD);

        assertThat(score.strength()).isEqualTo(new Strength.NoMatch(Strength.Reason.LOW_SCORE));
        assertThat(score.score()).isLessThan(PatientMatcher.POSSIBLE_SCORE);
    }

    @Test
    void candidatesAreRankedBestFirst() {
        Demographics stranger = new Demographics(null, "Patel", List.of("Rajesh"), LocalDate.of(1961, 11, 2), "male",
                "BD7 1AA");
        Demographics slip = new Demographics(null, "Wiliams", List.of("Catherine"), LocalDate.of(1978, 3, 12), null,
                null);

        List<Scored<Demographics>> ranked = matcher.rank(QUERY, List.of(stranger, slip, RECORD),
                Function.identity());

        assertThat(ranked).extracting(Scored::candidate).containsExactly(RECORD, slip, stranger);
    }

    @Test
    void theOneMatchResolvesUniquely() {
        Demographics stranger = new Demographics(null, "Patel", List.of("Rajesh"), LocalDate.of(1961, 11, 2), "male",
                "BD7 1AA");

        Resolution<String> resolution = matcher.resolve(QUERY, List.of("stranger", "record"),
                id -> id.equals("record") ? RECORD : stranger);

        assertThat(resolution).isInstanceOfSatisfying(Resolution.Unique.class,
                unique -> assertThat(unique.match().candidate()).isEqualTo("record"));
    }

    @Test
    void twinsAreAmbiguousWhenTheQueryHasNoGivenName() {
        Demographics twin = new Demographics(null, "Williams", List.of("Elizabeth"), LocalDate.of(1978, 3, 12),
                "female", "LS6 3BE");
        Demographics noGiven = new Demographics(null, "Williams", List.of(), LocalDate.of(1978, 3, 12), "female",
                "LS6 3BE");

        assertThat(matcher.resolve(noGiven, List.of(RECORD, twin), Function.identity()))
                .isInstanceOf(Resolution.Ambiguous.class);
        assertThat(matcher.resolve(QUERY, List.of(RECORD, twin), Function.identity()))
                .isInstanceOfSatisfying(Resolution.Unique.class,
                        unique -> assertThat(unique.match().candidate()).isEqualTo(RECORD));
    }

    @Test
    void noMatchResolvesToThePossibleCandidates() {
        Demographics vague = new Demographics(null, "Williams", List.of(), LocalDate.of(1978, 3, 12), null, null);
        Demographics stranger = new Demographics(null, "Patel", List.of("Rajesh"), LocalDate.of(1961, 11, 2), "male",
                "BD7 1AA");

        Resolution<Demographics> resolution = matcher.resolve(vague, List.of(stranger, RECORD), Function.identity());

        assertThat(resolution).isInstanceOf(Resolution.Unmatched.class);
        assertThat(((Resolution.Unmatched<Demographics>) resolution).possible()).extracting(Scored::candidate)
                .containsExactly(RECORD);
    }

    @Test
    void twoRecordsWithTheQuerysNhsNumberAreAmbiguous() {
        Demographics query = new Demographics("9434765919", null, List.of(), null, null, null);

        assertThat(matcher.resolve(query, List.of(RECORD, RECORD), Function.identity()))
                .isInstanceOf(Resolution.Ambiguous.class);
    }

    private static double twinCorrection(MatchScore score) {
        return score.evidence().stream().filter(e -> e.field() == Field.TWIN).mapToDouble(Evidence::weight).sum();
    }
}
