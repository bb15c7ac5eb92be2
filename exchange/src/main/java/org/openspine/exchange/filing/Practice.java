package org.openspine.exchange.filing;

import java.util.Objects;

/**
 * A GP practice in the organisation directory.
 *
 * @param organisationId its Organization's id
 * @param odsCode        its ODS code
 * @param name           its name
 */
record Practice(String organisationId, String odsCode, String name) {

    Practice {
        Objects.requireNonNull(organisationId, "organisationId");
        Objects.requireNonNull(odsCode, "odsCode");
        Objects.requireNonNull(name, "name");
    }

    /** @return the Organization's reference, as Task.owner and the registration check use it */
    String reference() {
        return "Organization/" + organisationId;
    }
}
