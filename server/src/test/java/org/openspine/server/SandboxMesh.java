package org.openspine.server;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * NHSMESH authorisation headers as a MESH client configured for the public sandbox computes them (shared key
 * {@code TestKey}), written out here independently of the server's own code, for a demo server's mailboxes.
 */
final class SandboxMesh {

    private SandboxMesh() {
    }

    /** @return a fresh header for a demo mailbox, whose password is the sandbox's */
    static String signature(String mailbox) {
        return signature(mailbox, "password");
    }

    /** @return a fresh header for the mailbox with this password, signed now */
    static String signature(String mailbox, String password) {
        try {
            String nonce = UUID.randomUUID().toString();
            String time = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMddHHmm"));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("TestKey".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String hash = HexFormat.of().formatHex(mac.doFinal((mailbox + ":" + nonce + ":1:" + password + ":" + time)
                    .getBytes(StandardCharsets.UTF_8)));
            return "NHSMESH " + mailbox + ":" + nonce + ":1:" + time + ":" + hash;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
