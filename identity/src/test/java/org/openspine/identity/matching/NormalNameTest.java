package org.openspine.identity.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NormalNameTest {

    @Test
    void caseAccentsApostrophesAndSpacesDoNotMatter() {
        assertThat(text("O'Brien")).isEqualTo("OBRIEN");
        assertThat(text("o\u2019brien")).isEqualTo("OBRIEN");
        assertThat(text("  Zoë ")).isEqualTo("ZOE");
        assertThat(text("WIŚNIEWSKI")).isEqualTo("WISNIEWSKI");
        assertThat(text("Ó Briain")).isEqualTo("OBRIAIN");
        assertThat(text("Strauß")).isEqualTo("STRAUSS");
        assertThat(text("Ærø")).isEqualTo("AERO");
    }

    @Test
    void aDoubleBarrelledNameKeepsItsWords() {
        NormalName name = NormalName.of("Smith-Jones").orElseThrow();

        assertThat(name.text()).isEqualTo("SMITHJONES");
        assertThat(name.words()).containsExactly("SMITH", "JONES");
    }

    @Test
    void aNameWithoutLettersIsMissing() {
        assertThat(NormalName.of(null)).isEmpty();
        assertThat(NormalName.of("  ")).isEmpty();
        assertThat(NormalName.of("--'")).isEmpty();
    }

    @Test
    void givenNamesAreSplitAtSpacesButHyphenatedOnesStayWhole() {
        assertThat(NormalName.givenNames(List.of("Mary Anne", "Jean-Paul", " ")))
                .extracting(NormalName::text).containsExactly("MARY", "ANNE", "JEANPAUL");
    }

    @Test
    void soundAlikeSpellingsShareACode() {
        assertThat(NormalName.of("Davies").orElseThrow().soundsLike(NormalName.of("Davis").orElseThrow())).isTrue();
        assertThat(NormalName.of("Hussain").orElseThrow().soundsLike(NormalName.of("Hussein").orElseThrow())).isTrue();
        assertThat(NormalName.of("Smith").orElseThrow().soundsLike(NormalName.of("Jones").orElseThrow())).isFalse();
    }

    private static String text(String raw) {
        return NormalName.of(raw).orElseThrow().text();
    }
}
