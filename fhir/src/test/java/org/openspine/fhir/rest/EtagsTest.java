package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.openspine.platform.error.OpenSpineException;

class EtagsTest {

    @Property
    void everyVersionRoundTripsThroughItsWeakEtag(@ForAll @IntRange(min = 1) int version) {
        assertThat(Etags.parse(Etags.of(version))).hasValue(version);
    }

    @Test
    void strongAndBareVersionsAreAcceptedAndAnythingElseIsRefused() {
        assertThat(Etags.parse("\"4\"")).hasValue(4);
        assertThat(Etags.parse("4")).hasValue(4);
        assertThat(Etags.parse(null)).isEmpty();
        assertThatThrownBy(() -> Etags.parse("W/\"abc\"")).isInstanceOf(OpenSpineException.Invalid.class);
        assertThatThrownBy(() -> Etags.parse("W/\"0\"")).isInstanceOf(OpenSpineException.Invalid.class);
    }
}
