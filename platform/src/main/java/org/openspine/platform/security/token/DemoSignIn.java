package org.openspine.platform.security.token;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.openspine.platform.security.Caller;
import org.openspine.platform.security.RoleProfile;

/**
 * Demo sign-in: {@code GET /auth/sign-in} lists the {@link DemoUsers} on a small HTML page;
 * {@code POST /auth/sign-in} with the form field {@code user=NAME} answers a token for that user, as
 * JSON ({@code {"access_token": ...}}) when the request's {@code Accept} prefers JSON and as an HTML
 * page showing the token otherwise. No password: this is for demonstration and development only,
 * and answers 404 unless demo users are on.
 */
final class DemoSignIn {

    private static final String OFF = "demo sign-in is off; start the server with --demo or --demo-users to use it";
    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>OpenSpine demo sign-in</title>
            <style>body{font-family:sans-serif;margin:2em;max-width:60em}td,th{padding:.3em .8em;text-align:left}
            textarea{width:100%%;height:10em;font-family:monospace}</style></head>
            <body><h1>OpenSpine demo sign-in</h1>
            %s
            </body></html>
            """;

    private final boolean enabled;
    private final TokenMinter minter;
    private final Duration lifetime;
    private final SignInAudit audit;

    DemoSignIn(boolean enabled, TokenMinter minter, Duration lifetime, SignInAudit audit) {
        this.enabled = enabled;
        this.audit = audit;
        this.minter = minter;
        this.lifetime = lifetime;
    }

    void page(Context ctx) {
        if (!enabled) {
            refuse(ctx, 404, "not_found", OFF);
            return;
        }
        StringBuilder rows = new StringBuilder();
        for (DemoUsers.DemoUser user : DemoUsers.ALL) {
            rows.append("<tr><td><form method=\"post\"><input type=\"hidden\" name=\"user\" value=\"")
                    .append(html(user.name())).append("\"><button type=\"submit\">").append(html(user.name()))
                    .append("</button></form></td><td>").append(html(user.caller().displayName())).append("</td><td>")
                    .append(html(describe(user.caller()))).append("</td></tr>\n");
        }
        ctx.contentType("text/html;charset=utf-8").result(PAGE.formatted("""
                <p>Choose someone to act as. You get a bearer token that lasts %d minutes; send it as
                <code>Authorization: Bearer &lt;token&gt;</code>. Staff may add <code>NHSD-Session-URID</code>
                to act in another of their role profiles. From a shell: <code>./openspine token --user gp</code>.</p>
                <table><tr><th>user</th><th>name</th><th>signs in as</th></tr>
                %s</table>""".formatted(lifetime.toMinutes(), rows)));
    }

    void signIn(Context ctx) {
        if (!enabled) {
            refuse(ctx, 404, "not_found", OFF);
            return;
        }
        Optional<String> name;
        switch (FormBody.parse(ctx)) {
            case FormBody.Refused refused -> {
                refuse(ctx, 400, "invalid_request", refused.reason());
                return;
            }
            case FormBody.Read read -> name = read.form().get("user");
        }
        Optional<DemoUsers.DemoUser> user = name.flatMap(DemoUsers::find);
        if (user.isEmpty()) {
            refuse(ctx, 400, "invalid_request", "user must name a demo user: "
                    + DemoUsers.ALL.stream().map(DemoUsers.DemoUser::name).collect(Collectors.joining(", ")));
            return;
        }
        audit.signedIn(ctx, user.get().caller());
        String token = minter.mint(user.get().caller(), lifetime);
        if (prefersJson(ctx.header("Accept"))) {
            OAuthReplies.send(ctx, 200, OAuthReplies.token(token, lifetime).put("user", user.get().name())
                    .put("name", user.get().caller().displayName()));
            return;
        }
        ctx.header("Cache-Control", "no-store").contentType("text/html;charset=utf-8").result(PAGE.formatted("""
                <p>Signed in as <b>%s</b> (%s) for %d minutes. Your bearer token:</p>
                <textarea readonly>%s</textarea>
                <p><code>curl -H 'Authorization: Bearer &lt;token&gt;' .../fhir/R4/Patient</code></p>
                <p><a href="sign-in">Sign in as someone else</a></p>""".formatted(html(user.get().name()),
                html(user.get().caller().displayName()), lifetime.toMinutes(), html(token))));
    }

    /**
     * @return whether {@code accept} ranks JSON above HTML: by quality, with {@code application/*}
     *         and {@code text/*} counting for each; a tie (no header, {@code *}{@code /*}) is HTML
     */
    static boolean prefersJson(String accept) {
        double json = 0;
        double html = 0;
        if (accept != null) {
            for (String range : accept.split(",")) {
                String[] parts = range.split(";");
                String type = parts[0].strip().toLowerCase(Locale.ROOT);
                double quality = quality(parts);
                if (type.equals("application/json") || type.equals("application/*") || type.equals("*/*")) {
                    json = Math.max(json, quality);
                }
                if (type.equals("text/html") || type.equals("text/*") || type.equals("*/*")) {
                    html = Math.max(html, quality);
                }
            }
        }
        return json > html;
    }

    private static double quality(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String parameter = parameters[i].strip();
            if (parameter.startsWith("q=")) {
                try {
                    return Double.parseDouble(parameter.substring(2));
                } catch (NumberFormatException e) {
                    return 0; // a malformed quality counts as not acceptable
                }
            }
        }
        return 1;
    }

    private void refuse(Context ctx, int status, String error, String description) {
        if (prefersJson(ctx.header("Accept"))) {
            OAuthReplies.error(ctx, status, error, description);
        } else {
            ctx.status(status).contentType("text/html;charset=utf-8")
                    .result(PAGE.formatted("<p>" + html(description) + "</p>"));
        }
    }

    private static String describe(Caller caller) {
        return switch (caller) {
            case Caller.Staff staff -> staff.roles().stream().map(DemoSignIn::describe).collect(Collectors.joining("; "));
            case Caller.Citizen citizen -> "citizen, NHS Number " + citizen.nhsNumber() + ", " + citizen.proofing();
            case Caller.SystemClient system -> "system, " + String.join(" ", system.scopes().stream().sorted().toList());
        };
    }

    private static String describe(RoleProfile role) {
        return "role profile " + role.id() + ": " + role.roleCode() + " / " + role.jobRole() + " at " + role.odsCode();
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
