package org.openspine.identity.demographics;

/**
 * The Spine error and warning codes the demographics facade answers with, as the public PDS FHIR API
 * does: each with its HTTP status, the FHIR IssueType of the OperationOutcome issue and the display
 * of the {@code Spine-ErrorOrWarningCode} coding.
 */
public enum SpineError {
    INVALID_RESOURCE_ID(400, "value", "Resource Id is invalid"),
    RESOURCE_NOT_FOUND(404, "not-found", "Resource not found"),
    UNSUPPORTED_SERVICE(400, "processing", "Unsupported Service"),
    MISSING_VALUE(400, "structure", "Required value is missing"),
    INVALID_VALUE(400, "value", "Provided value is invalid"),
    INVALID_SEARCH_DATA(400, "value", "Search data is invalid"),
    ADDITIONAL_PROPERTIES(400, "structure", "Additional properties are not allowed"),
    INVALID_UPDATE(400, "structure", "Update is invalid"),
    FORBIDDEN_UPDATE(403, "forbidden", "Update is forbidden"),
    ACCESS_DENIED(403, "forbidden", "Access Denied - Unauthorised"),
    RESOURCE_VERSION_MISMATCH(409, "conflict", "Resource version supplied does not match actual version"),
    PRECONDITION_FAILED(412, "structure", "Required condition was not fulfilled"),
    SERVICE_UNAVAILABLE(503, "timeout", "Service unavailable"),
    /** Answered 200 as information: a search matched more records than it may return. */
    TOO_MANY_MATCHES(200, "multiple-matches", "Too Many Matches"),
    /** Answered 200 as information: a create found the person already has a record. */
    SINGLE_MATCH(200, "structure", "Single match found"),
    /** Answered 200 as information: a create found several records that may be the person. */
    MULTIPLE_MATCHES(200, "structure", "Multiple matches found");

    /** The code system of the codes. */
    public static final String SYSTEM = "https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode";

    private final int status;
    private final String issueCode;
    private final String display;

    SpineError(int status, String issueCode, String display) {
        this.status = status;
        this.issueCode = issueCode;
        this.display = display;
    }

    /** @return the HTTP status it is answered with */
    public int status() {
        return status;
    }

    /** @return the FHIR IssueType code of its OperationOutcome issue */
    public String issueCode() {
        return issueCode;
    }

    /** @return the coding's display */
    public String display() {
        return display;
    }

    /** @return whether it is information on a 200 rather than an error */
    public boolean informational() {
        return status == 200;
    }
}
