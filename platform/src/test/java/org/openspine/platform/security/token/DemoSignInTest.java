package org.openspine.platform.security.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoSignInTest {

    @Test
    void jsonIsAnsweredOnlyWhenAcceptRanksItAboveHtml() {
        assertThat(DemoSignIn.prefersJson("application/json")).isTrue();
        assertThat(DemoSignIn.prefersJson("text/html;q=0.5, application/json")).isTrue();
        assertThat(DemoSignIn.prefersJson("application/*")).isTrue();

        assertThat(DemoSignIn.prefersJson(null)).isFalse();
        assertThat(DemoSignIn.prefersJson("*/*")).isFalse();
        assertThat(DemoSignIn.prefersJson("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")).isFalse();
        assertThat(DemoSignIn.prefersJson("application/json;q=0.4, text/*")).isFalse();
        assertThat(DemoSignIn.prefersJson("application/json;q=oops")).isFalse();
    }
}
