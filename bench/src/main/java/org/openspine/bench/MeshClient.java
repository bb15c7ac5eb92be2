package org.openspine.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The MESH API as a client sees it: requests signed with NHSMESH when the environment's shared key is given
 * (a fresh nonce each), with the bearer token otherwise; and the mailboxes a run needs, created through the
 * administration API (which needs a token allowed to configure). Written from the public MESH specification,
 * independently of the server's code, so the harness also checks compatibility. Stateless apart from its settings.
 */
final class MeshClient {

    /** The password of the mailboxes the harness creates: bench data, not a secret. */
    static final String PASSWORD = "bench-password";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmm");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
    private static final Pattern MESSAGE_ID = Pattern.compile("\"message_?[iI][dD]\"\\s*:\\s*\"([^\"]+)\"");

    private final String root;
    private final Optional<String> token;
    private final Optional<String> sharedKey;

    /**
     * @param root      the server's root path (before {@code /messageexchange})
     * @param sharedKey the MESH shared key: sign with NHSMESH; empty: use the bearer token
     */
    MeshClient(String root, Optional<String> token, Optional<String> sharedKey) {
        this.root = root;
        this.token = token;
        this.sharedKey = sharedKey;
    }

    /** Creates (or resets) a mailbox of the organisation taking any workflow. */
    void createMailbox(HttpConnection http, String mailboxId, String odsCode) throws IOException {
        String body = "{\"odsCode\":\"" + odsCode + "\",\"name\":\"bench " + mailboxId + "\",\"password\":\"" + PASSWORD
                + "\",\"workflows\":[]}";
        List<HttpRequest.Header> headers = new ArrayList<>(List.of(new HttpRequest.Header("Content-Type", "application/json")));
        token.ifPresent(t -> headers.add(new HttpRequest.Header("Authorization", "Bearer " + t)));
        HttpResponse response = http.send(new HttpRequest("PUT", root + "/exchange/mailboxes/" + mailboxId, headers,
                body.getBytes(StandardCharsets.UTF_8)));
        if (!response.successful()) {
            throw new IOException("bench: cannot create mailbox " + mailboxId + ": HTTP " + response.status() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    HttpRequest send(String from, String to, String workflow, String localId, byte[] payload, String... extra) {
        List<HttpRequest.Header> headers = headers(from);
        headers.add(new HttpRequest.Header("mex-To", to));
        headers.add(new HttpRequest.Header("mex-WorkflowID", workflow));
        headers.add(new HttpRequest.Header("mex-LocalID", localId));
        headers.add(new HttpRequest.Header("Content-Type", "application/octet-stream"));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            headers.add(new HttpRequest.Header(extra[i], extra[i + 1]));
        }
        return new HttpRequest("POST", root + "/messageexchange/" + from + "/outbox", headers, payload);
    }

    HttpRequest chunk(String from, String messageId, int chunk, int chunks, byte[] payload) {
        List<HttpRequest.Header> headers = headers(from);
        headers.add(new HttpRequest.Header("mex-Chunk-Range", chunk + ":" + chunks));
        headers.add(new HttpRequest.Header("Content-Type", "application/octet-stream"));
        return new HttpRequest("POST", root + "/messageexchange/" + from + "/outbox/" + messageId + "/" + chunk, headers,
                payload);
    }

    HttpRequest inbox(String mailbox) {
        return new HttpRequest("GET", root + "/messageexchange/" + mailbox + "/inbox?max_results=10", headers(mailbox),
                new byte[0]);
    }

    HttpRequest download(String mailbox, String messageId, int chunk) {
        return new HttpRequest("GET", root + "/messageexchange/" + mailbox + "/inbox/" + messageId
                + (chunk > 1 ? "/" + chunk : ""), headers(mailbox), new byte[0]);
    }

    HttpRequest acknowledge(String mailbox, String messageId) {
        return new HttpRequest("PUT", root + "/messageexchange/" + mailbox + "/inbox/" + messageId
                + "/status/acknowledged", headers(mailbox), new byte[0]);
    }

    /** @return every message id of an inbox list reply */
    static List<String> listed(HttpResponse response) {
        return listed(new String(response.body(), StandardCharsets.UTF_8));
    }

    /** @return every message id of an inbox list reply's body */
    static List<String> listed(String body) {
        int start = body.indexOf('[');
        int end = body.indexOf(']', start + 1);
        List<String> ids = new ArrayList<>();
        if (start >= 0 && end > start) {
            Matcher id = QUOTED.matcher(body.substring(start, end));
            while (id.find()) {
                ids.add(id.group(1));
            }
        }
        return ids;
    }

    /** @return the message id of a send reply (v1 {@code messageID} or v2 {@code message_id}) */
    static Optional<String> sentId(HttpResponse response) {
        return sentId(new String(response.body(), StandardCharsets.UTF_8));
    }

    /** @return the message id of a send reply's body */
    static Optional<String> sentId(String body) {
        Matcher id = MESSAGE_ID.matcher(body);
        return id.find() ? Optional.of(id.group(1)) : Optional.empty();
    }

    private List<HttpRequest.Header> headers(String mailbox) {
        List<HttpRequest.Header> headers = new ArrayList<>();
        headers.add(new HttpRequest.Header("User-Agent", "openspine-bench"));
        headers.add(new HttpRequest.Header("Accept", "application/json"));
        if (sharedKey.isPresent()) {
            headers.add(new HttpRequest.Header("Authorization", sign(mailbox, PASSWORD, sharedKey.get())));
        } else {
            token.ifPresent(t -> headers.add(new HttpRequest.Header("Authorization", "Bearer " + t)));
        }
        return headers;
    }

    /** @return a fresh NHSMESH header for the mailbox, signed now */
    static String sign(String mailbox, String password, String key) {
        String nonce = UUID.randomUUID().toString();
        String time = LocalDateTime.now(ZoneOffset.UTC).format(TIMESTAMP);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] hash = mac.doFinal((mailbox + ":" + nonce + ":1:" + password + ":" + time).getBytes(StandardCharsets.UTF_8));
            return "NHSMESH " + mailbox + ":" + nonce + ":1:" + time + ":" + HexFormat.of().formatHex(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("bench: the JDK has no HmacSHA256", e);
        }
    }
}
