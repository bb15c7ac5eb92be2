package org.openspine.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A bearer token for a demo user, from the demo sign-in of an OpenSpine started with demo users. */
final class DemoToken {

    private DemoToken() {
    }

    /**
     * @param base the server's root URL, e.g. {@code http://127.0.0.1:8080}
     * @throws IllegalStateException when the server does not hand one out
     */
    static String signIn(String base, String user) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/auth/sign-in"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("user=" + user)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("demo sign-in as " + user + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return new ObjectMapper().readTree(response.body()).get("access_token").asText();
        }
    }
}
