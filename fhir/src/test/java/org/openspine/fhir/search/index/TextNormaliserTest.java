package org.openspine.fhir.search.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TextNormaliserTest {

    @Test
    void accentsCaseAndSpacingAreFolded() {
        assertThat(TextNormaliser.normalise("  Zoë  O'BRIEN")).isEqualTo("zoe o'brien");
        assertThat(TextNormaliser.normalise("Émilie\tBrontë\r\n")).isEqualTo("emilie bronte");
        assertThat(TextNormaliser.normalise("already plain")).isEqualTo("already plain");
    }

    @Property
    void theFastPathAgreesWithTheDefinition(@ForAll("texts") String text) {
        assertThat(TextNormaliser.normalise(text)).isEqualTo(definition(text));
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars(" \t\n\u000B\f\rAbZz09'-éÉëøßİ\u0301\u00A0").ofMaxLength(12);
    }

    /** The normalisation as first written: simple, and too slow for every indexed display. */
    private static String definition(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return folded.toLowerCase(Locale.ROOT).trim().replaceAll("\\s+", " ");
    }
}
