package org.openspine.exchange.message;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sender's {@code mex-Content-Checksum}, checked against the payload as stored. MESH leaves the
 * format to the sender; the forms understood are {@code ALGORITHM:VALUE} with MD5, SHA-1 or SHA-256
 * (in any case, with or without the hyphen) and a hex or base64 value, and a bare hex value whose length
 * names the algorithm (32 MD5, 40 SHA-1, 64 SHA-256). Any other checksum is passed to the recipient
 * unchecked, as MESH itself does.
 *
 * @param algorithm the JCA digest name
 * @param expected  the digest the sender stated
 */
record PayloadChecksum(String algorithm, byte[] expected) {

    private static final Pattern PREFIXED = Pattern.compile("(?i)(md5|sha-?1|sha-?256)\\s*:\\s*(\\S+)");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    /** @return the checksum to verify, or empty when its form is not one this server can check */
    static Optional<PayloadChecksum> parse(String stated) {
        String value = stated.strip();
        Matcher prefixed = PREFIXED.matcher(value);
        if (prefixed.matches()) {
            String algorithm = switch (prefixed.group(1).toLowerCase(Locale.ROOT).replace("-", "")) {
                case "md5" -> "MD5";
                case "sha1" -> "SHA-1";
                default -> "SHA-256";
            };
            return decode(prefixed.group(2)).map(bytes -> new PayloadChecksum(algorithm, bytes));
        }
        if (HEX.matcher(value).matches()) {
            String algorithm = switch (value.length()) {
                case 32 -> "MD5";
                case 40 -> "SHA-1";
                case 64 -> "SHA-256";
                default -> null;
            };
            return Optional.ofNullable(algorithm).map(a -> new PayloadChecksum(a, HexFormat.of().parseHex(value)));
        }
        return Optional.empty();
    }

    /** @return a fresh digest of this checksum's algorithm */
    MessageDigest digest() {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + algorithm, e);
        }
    }

    /** @return whether {@code actual}, a digest of the payload, is the stated one */
    boolean matches(byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }

    private static Optional<byte[]> decode(String value) {
        if (HEX.matcher(value).matches() && value.length() % 2 == 0) {
            return Optional.of(HexFormat.of().parseHex(value));
        }
        try {
            return Optional.of(Base64.getDecoder().decode(value));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty(); // an unreadable value is passed on unchecked, like an unknown algorithm
        }
    }
}
