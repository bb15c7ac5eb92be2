package org.openspine.server.demo;

import java.util.Objects;

/**
 * One generated FHIR R4 {@code transaction} Bundle.
 *
 * @param json the Bundle as JSON text
 * @param resourceCount how many entries (and so resources) the Bundle holds
 * @param nhsNumber the NHS Number of the bundle's Patient
 */
public record SyntheticBundle(String json, int resourceCount, String nhsNumber) {

    /** @throws IllegalArgumentException when the bundle would be empty */
    public SyntheticBundle {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(nhsNumber, "nhsNumber");
        if (resourceCount < 1) {
            throw new IllegalArgumentException(
                    "synthetic bundle: resourceCount must be positive, was " + resourceCount);
        }
    }
}
