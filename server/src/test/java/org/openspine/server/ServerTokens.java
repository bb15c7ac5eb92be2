package org.openspine.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.openspine.platform.http.TestHttp;

/** Bearer tokens for demo users from a running server's built-in issuer (the server runs with {@code --demo}). */
final class ServerTokens {

    private ServerTokens() {
    }

    /** @return a client of the server at {@code base} signed in as the demo user {@code user} */
    static TestHttp signedIn(String base, String user) {
        TestHttp anonymous = new TestHttp(base);
        TestHttp.Response response = anonymous.request("POST", "/auth/sign-in")
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .body("user=" + user).send();
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return anonymous.as("Bearer " + response.json().get("access_token").asText());
    }
}
