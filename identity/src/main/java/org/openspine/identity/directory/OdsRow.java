package org.openspine.identity.directory;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One organisation as a row of an ODS file gives it, checked: what the directory keeps of it.
 *
 * @param line         the line of the file the row starts on, for messages
 * @param code         the ODS organisation code (column 1)
 * @param name         the organisation's name (column 2)
 * @param type         what it is, from the file's kind (and column 26 of {@code epraccur})
 * @param addressLines the non-empty address lines (columns 5-9), in order
 * @param postcode     the postcode (column 10), empty when the row has none
 * @param opened       when it opened (column 11)
 * @param closed       when it closed (column 12), if it has
 * @param status       its status (column 13; derived from the close date when blank)
 * @param parent       the organisation it is part of now (column 15, with the date it joined from column 16);
 *                     empty when the row names none or says it has left it (column 17)
 * @param telephone    its contact telephone number (column 18), if given
 */
record OdsRow(int line, String code, String name, OrganisationType type, List<String> addressLines, String postcode,
        LocalDate opened, Optional<LocalDate> closed, Status status, Optional<Parent> parent,
        Optional<String> telephone) {

    OdsRow {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        addressLines = List.copyOf(addressLines);
        Objects.requireNonNull(postcode, "postcode");
        Objects.requireNonNull(opened, "opened");
        Objects.requireNonNull(closed, "closed");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(telephone, "telephone");
    }

    /** @return whether the organisation is open now, as far as its ODS status says */
    boolean active() {
        return status == Status.ACTIVE;
    }

    /** ODS status codes (column 13). */
    enum Status {
        /** {@code A}: active. */
        ACTIVE("A"),
        /** {@code C}: closed. */
        CLOSED("C"),
        /** {@code P}: proposed, not open yet. */
        PROPOSED("P"),
        /** {@code D}: dormant (GP practices). */
        DORMANT("D");

        final String code;

        Status(String code) {
            this.code = code;
        }

        static Optional<Status> of(String code) {
            for (Status status : values()) {
                if (status.code.equals(code)) {
                    return Optional.of(status);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * The organisation a row's organisation belongs to.
     *
     * @param code   its ODS code
     * @param joined when the row's organisation joined it (column 16), if given
     */
    record Parent(String code, Optional<LocalDate> joined) {
        Parent {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(joined, "joined");
        }
    }
}
