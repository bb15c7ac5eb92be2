package org.openspine.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class BoundedTextTest {

    @Property
    void anyTextComesOutWithinBoundsAndSurvivesUtf8Unchanged(@ForAll @StringLength(max = 300) String text,
            @ForAll @IntRange(min = 2, max = 200) int max) {
        String bounded = BoundedText.of(text, max);

        assertThat(bounded.length()).isLessThanOrEqualTo(max);
        assertThat(bounded).doesNotContain("\u0000");
        // what PostgreSQL stores is the UTF-8 of the string: it must decode to the same string
        assertThat(new String(bounded.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(bounded);
        assertThat(BoundedText.of(bounded, max)).isEqualTo(bounded);
    }

    @Test
    void shortCleanTextIsKeptAsItIs() {
        assertThat(BoundedText.of("GET /fhir/R4/Patient/1 \uD83D\uDE91", 100)).isEqualTo("GET /fhir/R4/Patient/1 \uD83D\uDE91");
    }

    @Test
    void longTextEndsWithAnEllipsisAndNeverHalfASurrogatePair() {
        assertThat(BoundedText.of("abcdefgh", 5)).isEqualTo("abcd\u2026");
        assertThat(BoundedText.of("abc\uD83D\uDE91defg", 5)).isEqualTo("abc\u2026");
    }

    @Test
    void nulAndUnpairedSurrogatesBecomeReplacementCharacters() {
        assertThat(BoundedText.of("a\u0000b\uD800c\uDC00", 100)).isEqualTo("a\uFFFDb\uFFFDc\uFFFD");
    }
}
