package org.openspine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openspine.platform.security.token.BuiltInIssuer;

/**
 * {@code openspine token --user NAME [--url BASE]}: signs in as a demo user at a running server
 * ({@code POST /auth/sign-in}) and prints just the bearer token, for scripts:
 * {@code curl -H "Authorization: Bearer $(./openspine token --user gp)" ...}. The server must run
 * with demo users on ({@code --demo} or {@code --demo-users}).
 *
 * <p>Exit codes: 0 token printed; 1 the server could not be reached or refused; 2 bad usage or an
 * unknown user.
 */
final class TokenCommand {

    static final String USAGE = """
            usage: openspine token --user NAME [--url BASE]
              --user NAME   a demo user: gp, nurse, receptionist, consultant, pharmacist, privacy-officer,
                            patient, carer, integrator
              --url BASE    the running server (default http://localhost:8080, or OPENSPINE_PORT's port)
            Prints a bearer token (valid for an hour) on standard output. The server must run with --demo
            or --demo-users.
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenCommand() {
    }

    /** @return the process exit code */
    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        String user = null;
        String base = "http://localhost:" + env.getOrDefault("OPENSPINE_PORT", "8080").strip();
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (!flag.equals("--user") && !flag.equals("--url")) {
                return usage(err, "unknown option '" + flag + "'");
            }
            if (i + 1 >= args.size()) {
                return usage(err, flag + " needs a value");
            }
            if (flag.equals("--user")) {
                user = args.get(++i);
            } else {
                base = args.get(++i);
            }
        }
        if (user == null) {
            return usage(err, "--user is required");
        }
        URI signIn;
        try {
            signIn = URI.create(base.replaceAll("/+$", "") + BuiltInIssuer.SIGN_IN_PATH);
            if (signIn.getScheme() == null || signIn.getHost() == null) {
                return usage(err, "--url must be a URL such as http://localhost:8080, was '" + base + "'");
            }
        } catch (IllegalArgumentException e) {
            return usage(err, "--url must be a URL such as http://localhost:8080, was '" + base + "'");
        }
        HttpRequest request = HttpRequest.newBuilder(signIn).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("user=" + URLEncoder.encode(user, StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println("openspine token: cannot reach " + base + " (" + e.getClass().getSimpleName()
                    + "); is the server running?");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        JsonNode body = json(response.body());
        if (response.statusCode() == 200 && body.path("access_token").isTextual()) {
            out.println(body.get("access_token").asText());
            return 0;
        }
        String reason = body.path("error_description").isTextual() ? body.get("error_description").asText()
                : "answered " + response.statusCode();
        err.println("openspine token: " + base + ": " + reason);
        return response.statusCode() == 400 ? 2 : 1;
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.missingNode(); // not JSON (a proxy's error page): reported by status alone
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.print("openspine token: " + problem + "\n" + USAGE);
        return 2;
    }
}
