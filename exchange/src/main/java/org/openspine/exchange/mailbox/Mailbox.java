package org.openspine.exchange.mailbox;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A MESH mailbox: an address that sends and receives messages, belonging to one organisation.
 *
 * @param id      the mailbox id, e.g. {@code X26ABC1}: 3 to 20 upper-case letters and digits
 * @param odsCode the ODS code of the organisation it belongs to
 * @param name    a name for people, e.g. "Leeds Teaching Hospitals clinical letters"
 * @param active  whether it may send and receive
 */
public record Mailbox(String id, String odsCode, String name, boolean active) {

    private static final Pattern ID = Pattern.compile("[A-Z0-9]{3,20}");

    public Mailbox {
        Objects.requireNonNull(odsCode, "odsCode");
        Objects.requireNonNull(name, "name");
        if (!isValidId(id)) {
            throw new IllegalArgumentException("a mailbox id is 3 to 20 upper-case letters and digits, was " + id);
        }
    }

    /** @return whether {@code id} has the shape of a mailbox id */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
