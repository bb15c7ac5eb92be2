package org.openspine.identity.demographics;

/**
 * A demographics request refused with a Spine error code. It belongs to the facade's wire protocol:
 * thrown by the facade's code and turned into a PDS-style OperationOutcome by {@link DemographicsRoutes}
 * before it could reach the platform's error mapping, which speaks plain FHIR.
 */
final class SpineRefusal extends RuntimeException {

    private final SpineError error;

    SpineRefusal(SpineError error, String diagnostics) {
        super(diagnostics, null, false, false);
        this.error = error;
    }

    SpineError error() {
        return error;
    }

    static SpineRefusal invalidValue(String value, String field) {
        return new SpineRefusal(SpineError.INVALID_VALUE, "Invalid value - '" + value + "' in field '" + field + "'");
    }
}
