package org.openspine.exchange.mesh;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The credentials of MESH's {@code NHSMESH} authorization scheme:
 * {@code NHSMESH MAILBOX:nonce:nonce_count:yyyyMMddHHmm:hash}, where the hash is the lower-case hex
 * HMAC-SHA256, keyed with the environment's shared key, of {@code MAILBOX:nonce:nonce_count:password:timestamp}
 * and the timestamp is UTC.
 *
 * @param mailboxId  the mailbox signing
 * @param nonce      single-use with its count
 * @param nonceCount decimal digits
 * @param timestamp  when the client signed, to the minute
 * @param hash       the signature as sent
 */
record NhsMeshToken(String mailboxId, String nonce, String nonceCount, String timestampText, Instant timestamp,
                    String hash) {

    /** The scheme, with its one space. */
    static final String SCHEME = "NHSMESH ";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuuMMddHHmm", Locale.ROOT);
    private static final Pattern DIGITS = Pattern.compile("\\d{1,10}");
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern MAILBOX = Pattern.compile("[A-Z0-9]{3,20}");

    /** @return the token in the credentials after the scheme, or empty when they are not of its shape */
    static Optional<NhsMeshToken> parse(String credentials) {
        String[] parts = credentials.split(":", -1);
        if (parts.length != 5 || !MAILBOX.matcher(parts[0]).matches() || !NONCE.matcher(parts[1]).matches()
                || !DIGITS.matcher(parts[2]).matches() || !HASH.matcher(parts[4]).matches()) {
            return Optional.empty();
        }
        try {
            Instant timestamp = LocalDateTime.parse(parts[3], TIMESTAMP).toInstant(ZoneOffset.UTC);
            return Optional.of(new NhsMeshToken(parts[0], parts[1], parts[2], parts[3], timestamp, parts[4]));
        } catch (DateTimeParseException e) {
            return Optional.empty(); // not a timestamp: the header is unreadable, which the caller reports
        }
    }

    /** @return the header a client with this mailbox's password would send at {@code timestamp} */
    static String header(String mailboxId, String password, String sharedKey, String nonce, String nonceCount,
            Instant timestamp) {
        String time = TIMESTAMP.format(LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC));
        return SCHEME + mailboxId + ":" + nonce + ":" + nonceCount + ":" + time + ":"
                + sign(mailboxId, nonce, nonceCount, password, time, sharedKey);
    }

    /** @return whether the hash is the signature of this token with {@code password} under {@code sharedKey} */
    boolean signedWith(String password, String sharedKey) {
        byte[] expected = sign(mailboxId, nonce, nonceCount, password, timestampText, sharedKey)
                .getBytes(StandardCharsets.US_ASCII);
        return java.security.MessageDigest.isEqual(expected, hash.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    private static String sign(String mailboxId, String nonce, String nonceCount, String password, String timestamp,
            String sharedKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(sharedKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signed = mailboxId + ":" + nonce + ":" + nonceCount + ":" + password + ":" + timestamp;
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }
}
