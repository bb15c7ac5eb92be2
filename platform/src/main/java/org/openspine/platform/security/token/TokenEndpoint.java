package org.openspine.platform.security.token;

import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openspine.platform.security.Caller;

/**
 * {@code POST /auth/token}: the OAuth2 client credentials grant (RFC 6749 §4.4) for systems. The
 * client authenticates with HTTP Basic or with {@code client_id} and {@code client_secret} in the
 * form body (one or the other); it may ask for a subset of its scopes with {@code scope}. Every
 * refusal is an OAuth2 error: 400 for a malformed request, 401 {@code invalid_client} when client
 * authentication is missing or fails (the same answer for an unknown client and a wrong secret).
 */
final class TokenEndpoint {

    private static final String CLIENT_CHALLENGE = "Basic realm=\"openspine\"";

    private final Map<String, Client> clients;
    private final TokenMinter minter;
    private final Duration lifetime;
    private final SignInAudit audit;

    TokenEndpoint(List<Client> clients, TokenMinter minter, Duration lifetime, SignInAudit audit) {
        this.audit = audit;
        this.clients = clients.stream().collect(Collectors.toUnmodifiableMap(Client::id, Function.identity()));
        this.minter = minter;
        this.lifetime = lifetime;
    }

    void handle(Context ctx) {
        FormBody form;
        switch (FormBody.parse(ctx)) {
            case FormBody.Refused refused -> {
                OAuthReplies.error(ctx, 400, "invalid_request", refused.reason());
                return;
            }
            case FormBody.Read read -> form = read.form();
        }
        Optional<String> grant = form.get("grant_type");
        if (grant.isEmpty()) {
            OAuthReplies.error(ctx, 400, "invalid_request", "grant_type is required");
            return;
        }
        if (!grant.get().equals("client_credentials")) {
            OAuthReplies.error(ctx, 400, "unsupported_grant_type", "only the client_credentials grant is supported");
            return;
        }
        Optional<Client> client = authenticate(ctx, form);
        if (client.isEmpty()) {
            return;
        }
        Set<String> scopes = client.get().caller().scopes();
        Optional<String> requested = form.get("scope");
        if (requested.isPresent()) {
            Set<String> asked = new LinkedHashSet<>(Arrays.asList(requested.get().split(" +")));
            if (!scopes.containsAll(asked)) {
                OAuthReplies.error(ctx, 400, "invalid_scope", "the requested scope is more than this client may have: "
                        + String.join(" ", scopes.stream().sorted().toList()));
                return;
            }
            scopes = asked;
        }
        Caller.SystemClient caller = new Caller.SystemClient(client.get().id(), client.get().caller().displayName(), scopes);
        audit.signedIn(ctx, caller);
        OAuthReplies.send(ctx, 200, OAuthReplies.token(minter.mint(caller, lifetime), lifetime)
                .put("scope", String.join(" ", scopes.stream().sorted().toList())));
    }

    /** @return the authenticated client, or empty once the refusal has been answered */
    private Optional<Client> authenticate(Context ctx, FormBody form) {
        String authorization = ctx.header("Authorization");
        Optional<String> id = form.get("client_id");
        Optional<String> secret = form.get("client_secret");
        Credentials credentials;
        if (authorization != null) {
            if (secret.isPresent()) {
                OAuthReplies.error(ctx, 400, "invalid_request",
                        "authenticate the client one way: HTTP Basic or client_secret in the body, not both");
                return Optional.empty();
            }
            Optional<Credentials> basic = basic(authorization);
            if (basic.isEmpty()) {
                return refuseClient(ctx, "the Authorization header must be HTTP Basic with client_id:client_secret");
            }
            credentials = basic.get();
        } else if (id.isPresent() && secret.isPresent()) {
            credentials = new Credentials(id.get(), secret.get());
        } else if (id.isEmpty() && secret.isEmpty()) {
            return refuseClient(ctx, "client authentication is required: HTTP Basic, or client_id and client_secret");
        } else {
            OAuthReplies.error(ctx, 400, "invalid_request", "client_id and client_secret are both required");
            return Optional.empty();
        }
        Client client = clients.get(credentials.id());
        // Compare against something even for an unknown client, so the answer's timing does not tell them apart.
        byte[] expected = (client == null ? "\0" : client.secret()).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, credentials.secret().getBytes(StandardCharsets.UTF_8)) || client == null) {
            return refuseClient(ctx, "client authentication failed");
        }
        return Optional.of(client);
    }

    private Optional<Client> refuseClient(Context ctx, String description) {
        ctx.header("WWW-Authenticate", CLIENT_CHALLENGE);
        OAuthReplies.error(ctx, 401, "invalid_client", description);
        audit.refused(ctx, "client credentials: " + description);
        return Optional.empty();
    }

    /** @return client id and secret from {@code Basic base64(urlencoded id:urlencoded secret)}, if it is that */
    private static Optional<Credentials> basic(String authorization) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 1) {
                return Optional.empty();
            }
            return Optional.of(new Credentials(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not base64, or bad percent-encoding inside: not Basic credentials
        }
    }

    private record Credentials(String id, String secret) {
    }

    /**
     * A client allowed to use the grant.
     *
     * @param id     the client id
     * @param secret the client secret
     * @param caller the system the client's tokens stand for, with every scope it may have
     */
    record Client(String id, String secret, Caller.SystemClient caller) {
        @Override
        public String toString() {
            return "Client[" + id + "]"; // never the secret, should it reach a log
        }
    }
}
