package org.openspine.identity.matching;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class EditsTest {

    @Test
    void eachKindOfSlipIsOneEdit() {
        assertThat(Edits.withinOne("SMITH", "SMITH")).isTrue();
        assertThat(Edits.withinOne("SMITH", "SMYTH")).isTrue();   // substituted
        assertThat(Edits.withinOne("SMITH", "SMIITH")).isTrue();  // inserted
        assertThat(Edits.withinOne("SMITH", "SMTH")).isTrue();    // deleted
        assertThat(Edits.withinOne("SMITH", "SMIHT")).isTrue();   // adjacent letters swapped
        assertThat(Edits.withinOne("SMITH", "HMITS")).isFalse();  // a swap at a distance is two edits
        assertThat(Edits.withinOne("SMITH", "SMYTHE")).isFalse();
        assertThat(Edits.withinOne("SMITH", "SMI")).isFalse();
    }

    @Test
    void swapsAndSubstitutionsAreToldApart() {
        assertThat(Edits.adjacentSwap("19780312", "19870312")).isTrue();
        assertThat(Edits.adjacentSwap("19780312", "19780312")).isFalse();
        assertThat(Edits.adjacentSwap("19780312", "19780313")).isFalse();
        assertThat(Edits.oneSubstitution("19780312", "19780313")).isTrue();
        assertThat(Edits.oneSubstitution("19780312", "19870312")).isFalse();
        assertThat(Edits.oneSubstitution("1978", "19780")).isFalse();
    }

    @Property
    void anySingleSlipIsWithinOneEditButTwoSubstitutionsAreNot(
            @ForAll @StringLength(min = 2, max = 12) @CharRange(from = 'A', to = 'Z') String name,
            @ForAll @IntRange(max = 11) int position, @ForAll @CharRange(from = 'a', to = 'z') char letter) {
        int at = position % name.length();
        String substituted = name.substring(0, at) + letter + name.substring(at + 1);
        String inserted = name.substring(0, at) + letter + name.substring(at);
        String deleted = name.substring(0, at) + name.substring(at + 1);
        int next = Math.min(at + 1, name.length() - 1);
        String swapped = name.substring(0, next - 1) + name.charAt(next) + name.charAt(next - 1)
                + name.substring(next + 1);
        String twice = name.length() < 2 ? name : letter + name.substring(1, name.length() - 1) + letter;

        assertThat(Edits.withinOne(name, substituted)).isTrue();
        assertThat(Edits.withinOne(inserted, name)).isTrue();
        assertThat(Edits.withinOne(name, deleted)).isTrue();
        assertThat(Edits.withinOne(name, swapped)).isTrue();
        assertThat(Edits.withinOne(name, twice)).isFalse(); // upper case in, lower case letters: both differ
    }
}
