package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Number and quantity search (FHIR R4 search, "number", "quantity" and "prefix"): a value without a
 * prefix means the range its significant figures imply ({@code 100} is [99.5, 100.5), {@code 1e2}
 * [50, 150)); gt/lt/ge/le compare with the value exactly; sa/eb ask that the whole target lie
 * after/before it, which tells a Range from a single value; a quantity narrows by system and code.
 */
class SearchNumberQuantityIT {

    private static final String UCUM = "http://unitsofmeasure.org";

    private final TaggedSearch s = new TaggedSearch();

    private String chargeItem(String factor) {
        return s.create("""
                {"resourceType":"ChargeItem","status":"billable","code":{"text":"number fixture"},
                 "subject":{"reference":"Patient/number-fixture"},"factorOverride":%s}""".formatted(factor));
    }

    private String weight(String quantity) {
        return s.create("""
                {"resourceType":"Observation","status":"final","code":{"text":"quantity fixture"},
                 "valueQuantity":%s}""".formatted(quantity));
    }

    private String condition(String onsetOrAbatement) {
        return s.create("""
                {"resourceType":"Condition","subject":{"reference":"Patient/age-fixture"},%s}"""
                .formatted(onsetOrAbatement));
    }

    private static String age(String value) {
        return "{\"value\":%s,\"unit\":\"years\",\"system\":\"%s\",\"code\":\"a\"}".formatted(value, UCUM);
    }

    @Test
    void aNumberWithoutPrefixMatchesWithinHalfAUnitOfItsLastSignificantDigit() {
        String below = chargeItem("99.4");
        String justBelow = chargeItem("99.6");
        String exact = chargeItem("100");
        String justAbove = chargeItem("100.4");
        String above = chargeItem("100.6");
        String far = chargeItem("150");

        assertThat(s.ids("ChargeItem", "factor-override=100")).containsExactlyInAnyOrder(justBelow, exact, justAbove);
        assertThat(s.ids("ChargeItem", "factor-override=100.0")).containsExactly(exact);
        assertThat(s.ids("ChargeItem", "factor-override=99.6")).containsExactly(justBelow);
        assertThat(s.ids("ChargeItem", "factor-override=1e2"))
                .containsExactlyInAnyOrder(below, justBelow, exact, justAbove, above);
        assertThat(s.ids("ChargeItem", "factor-override=ne100")).containsExactlyInAnyOrder(below, above, far);
        assertThat(s.ids("ChargeItem", "factor-override=102")).isEmpty();
        assertThat(s.ids("ChargeItem", "factor-override=100,150")).containsExactlyInAnyOrder(justBelow, exact,
                justAbove, far);
    }

    @Test
    void comparisonPrefixesCompareWithTheValueExactly() {
        String small = chargeItem("1.5");
        String below = chargeItem("99.6");
        String exact = chargeItem("100");
        String above = chargeItem("100.4");
        String far = chargeItem("150");

        assertThat(s.ids("ChargeItem", "factor-override=gt100")).containsExactlyInAnyOrder(above, far);
        assertThat(s.ids("ChargeItem", "factor-override=lt100")).containsExactlyInAnyOrder(small, below);
        assertThat(s.ids("ChargeItem", "factor-override=ge100")).containsExactlyInAnyOrder(exact, above, far);
        assertThat(s.ids("ChargeItem", "factor-override=le100")).containsExactlyInAnyOrder(small, below, exact);
        assertThat(s.ids("ChargeItem", "factor-override=sa100")).containsExactlyInAnyOrder(above, far);
        assertThat(s.ids("ChargeItem", "factor-override=eb100")).containsExactlyInAnyOrder(small, below);
        assertThat(s.ids("ChargeItem", "factor-override=ap100")).containsExactlyInAnyOrder(below, exact, above);
        assertThat(s.ids("ChargeItem", "factor-override=gt1.5", "factor-override=lt100.4"))
                .containsExactlyInAnyOrder(below, exact);
    }

    @Test
    void aQuantityNarrowsBySystemAndUnitOnlyWhereTheSearchGivesThem() {
        String ucumMg = weight("{\"value\":5.4,\"unit\":\"mg\",\"system\":\"%s\",\"code\":\"mg\"}".formatted(UCUM));
        String unitOnly = weight("{\"value\":5.4,\"unit\":\"mg\"}");
        String grams = weight("{\"value\":5.4,\"unit\":\"g\",\"system\":\"%s\",\"code\":\"g\"}".formatted(UCUM));
        String nearly = weight("{\"value\":5.38,\"unit\":\"mg\",\"system\":\"%s\",\"code\":\"mg\"}".formatted(UCUM));
        String more = weight("{\"value\":7,\"unit\":\"mg\",\"system\":\"%s\",\"code\":\"mg\"}".formatted(UCUM));

        assertThat(s.ids("Observation", "value-quantity=5.4|" + UCUM + "|mg")).containsExactlyInAnyOrder(ucumMg, nearly);
        assertThat(s.ids("Observation", "value-quantity=5.4||mg")).containsExactlyInAnyOrder(ucumMg, unitOnly, nearly);
        assertThat(s.ids("Observation", "value-quantity=5.4")).containsExactlyInAnyOrder(ucumMg, unitOnly, grams, nearly);
        assertThat(s.ids("Observation", "value-quantity=5.40|" + UCUM + "|mg")).containsExactly(ucumMg);
        assertThat(s.ids("Observation", "value-quantity=5.4|" + UCUM + "|g")).containsExactly(grams);
        assertThat(s.ids("Observation", "value-quantity=5.4|http://snomed.info/sct|mg")).isEmpty();
        assertThat(s.ids("Observation", "value-quantity=gt5.4|" + UCUM + "|mg")).containsExactly(more);
        assertThat(s.ids("Observation", "value-quantity=lt5.4||mg")).containsExactly(nearly);
        assertThat(s.ids("Observation", "value-quantity=ge5.4||mg")).containsExactlyInAnyOrder(ucumMg, unitOnly, more);
        assertThat(s.ids("Observation", "value-quantity=le5.4|" + UCUM + "|mg")).containsExactlyInAnyOrder(ucumMg, nearly);
        assertThat(s.ids("Observation", "value-quantity=ap7||mg")).containsExactly(more);
        assertThat(s.ids("Observation", "value-quantity=ne5.4||mg")).containsExactly(more);
    }

    /** Conditions with an onset at 40, between 30 and 50, and from 60 on. */
    private record Onsets(String forty, String thirtyToFifty, String overSixty) {
    }

    private Onsets onsets() {
        return new Onsets(condition("\"onsetAge\":" + age("40")),
                condition("\"onsetRange\":{\"low\":%s,\"high\":%s}".formatted(age("30"), age("50"))),
                condition("\"onsetRange\":{\"low\":%s}".formatted(age("60"))));
    }

    @Test
    void anAgeOrARangeOfAgesIsMatchedAsTheValuesItCovers() {
        Onsets onsets = onsets();
        String forty = onsets.forty();
        String thirtyToFifty = onsets.thirtyToFifty();
        String overSixty = onsets.overSixty();
        String abated = condition("\"abatementAge\":" + age("45"));

        assertThat(s.ids("Condition", "onset-age=40|" + UCUM + "|a")).containsExactly(forty);
        assertThat(s.ids("Condition", "onset-age=40||years")).isEmpty();
        assertThat(s.ids("Condition", "onset-age=gt45")).containsExactlyInAnyOrder(thirtyToFifty, overSixty);
        assertThat(s.ids("Condition", "onset-age=lt35")).containsExactly(thirtyToFifty);
        assertThat(s.ids("Condition", "onset-age=ge50")).containsExactlyInAnyOrder(thirtyToFifty, overSixty);
        assertThat(s.ids("Condition", "onset-age=le30")).containsExactly(thirtyToFifty);
        assertThat(s.ids("Condition", "onset-age=ne40")).containsExactlyInAnyOrder(thirtyToFifty, overSixty);
        assertThat(s.ids("Condition", "onset-age=4e1")).containsExactly(forty);
        assertThat(s.ids("Condition", "abatement-age=45||a")).containsExactly(abated);
        assertThat(s.ids("Condition", "onset-age:missing=true")).containsExactly(abated);
    }

    @Test
    void startsAfterAndEndsBeforeNeedTheWholeRangeOnOneSide() {
        Onsets onsets = onsets();
        String forty = onsets.forty();
        String thirtyToFifty = onsets.thirtyToFifty();
        String overSixty = onsets.overSixty();

        assertThat(s.ids("Condition", "onset-age=sa45")).containsExactly(overSixty);
        assertThat(s.ids("Condition", "onset-age=sa35")).containsExactlyInAnyOrder(forty, overSixty);
        assertThat(s.ids("Condition", "onset-age=eb45")).containsExactly(forty);
        assertThat(s.ids("Condition", "onset-age=eb55")).containsExactlyInAnyOrder(forty, thirtyToFifty);
        assertThat(s.ids("Condition", "onset-age=gt45")).containsExactlyInAnyOrder(thirtyToFifty, overSixty);
        assertThat(s.ids("Condition", "onset-age=lt45")).containsExactlyInAnyOrder(forty, thirtyToFifty);
    }
}
