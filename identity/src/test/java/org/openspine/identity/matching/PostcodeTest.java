package org.openspine.identity.matching;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openspine.identity.matching.Evidence.Agreement;

class PostcodeTest {

    @Test
    void spacingAndCaseDoNotMatter() {
        assertThat(Postcode.of(" ls6 3be")).contains(new Postcode("LS6", "3BE"));
        assertThat(Postcode.of("LS63BE")).contains(new Postcode("LS6", "3BE"));
        assertThat(Postcode.of("EC1A 1BB")).contains(new Postcode("EC1A", "1BB"));
    }

    @Test
    void anOutwardCodeAloneHasNoInwardCode() {
        assertThat(Postcode.of("LS6")).contains(new Postcode("LS6", ""));
        assertThat(Postcode.of(" - ")).isEmpty();
        assertThat(Postcode.of(null)).isEmpty();
    }

    @Test
    void postcodesAgreeByHowMuchOfThemIsShared() {
        assertThat(compare("LS6 3BE", "ls63be")).isEqualTo(Agreement.EXACT);
        assertThat(compare("LS6 3BE", "LS6 3EB")).isEqualTo(Agreement.CLOSE);
        assertThat(compare("LS6 3BE", "LS6 8BE")).isEqualTo(Agreement.CLOSE);
        assertThat(compare("LS6 3BE", "LS6 3QT")).isEqualTo(Agreement.PARTIAL);
        assertThat(compare("LS6 3BE", "LS6 1QT")).isEqualTo(Agreement.WEAK);
        assertThat(compare("LS6 3BE", "LS6")).isEqualTo(Agreement.WEAK);
        assertThat(compare("LS6 3BE", "BD7 1AA")).isEqualTo(Agreement.DIFFERENT);
    }

    @Test
    void aSlipThatSpoilsTheInwardCodeIsStillClose() {
        assertThat(compare("LS6 3BE", "LS6 3B3")).isEqualTo(Agreement.CLOSE);
    }

    private static Agreement compare(String a, String b) {
        return Postcode.of(a).orElseThrow().compare(Postcode.of(b).orElseThrow());
    }
}
