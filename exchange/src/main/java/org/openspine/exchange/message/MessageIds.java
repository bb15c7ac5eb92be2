package org.openspine.exchange.message;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * MESH-shaped message ids: the time to the microsecond, an underscore and six random hex digits, e.g.
 * {@code 20261121093015123456_3F2A9C}. Clients treat them as opaque; the shape sorts by time.
 */
final class MessageIds {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSSSSS").withZone(ZoneOffset.UTC);
    private static final Pattern SHAPE = Pattern.compile("[0-9A-Za-z_-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private MessageIds() {
    }

    static String next(Instant now) {
        byte[] random = new byte[3];
        RANDOM.nextBytes(random);
        return TIME.format(now) + "_" + HexFormat.of().withUpperCase().formatHex(random);
    }

    /** @return whether {@code id} could be a message id (anything else is not looked up) */
    static boolean plausible(String id) {
        return id != null && SHAPE.matcher(id).matches();
    }
}
