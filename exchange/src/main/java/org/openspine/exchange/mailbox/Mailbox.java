package org.openspine.exchange.mailbox;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A MESH mailbox: an address that sends and receives messages, belonging to one organisation.
 *
 * @param id       the mailbox id, e.g. {@code X26ABC1}: 3 to 20 upper-case letters and digits
 * @param odsCode  the ODS code of the organisation it belongs to
 * @param name     a name for people, e.g. "Leeds Teaching Hospitals clinical letters"
 * @param active   whether it may send and receive
 * @param autoFile whether auto-filing takes the clinical letters that arrive in it (when it is a GP practice's); off
 *                 for a practice whose own MESH client collects them
 */
public record Mailbox(String id, String odsCode, String name, boolean active, boolean autoFile) {

    private static final Pattern ID = Pattern.compile("[A-Z0-9]{3,20}");

    public Mailbox {
        Objects.requireNonNull(odsCode, "odsCode");
        Objects.requireNonNull(name, "name");
        if (!isValidId(id)) {
            throw new IllegalArgumentException("a mailbox id is 3 to 20 upper-case letters and digits, was " + id);
        }
    }

    /** A mailbox auto-filing takes letters from, as mailboxes are unless said otherwise. */
    public Mailbox(String id, String odsCode, String name, boolean active) {
        this(id, odsCode, name, active, true);
    }

    /** @return whether {@code id} has the shape of a mailbox id */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
