package org.openspine.platform.error;

import java.util.Objects;

/**
 * One problem found with a request, as it will appear in an OperationOutcome issue.
 *
 * @param severity   {@code fatal}, {@code error}, {@code warning} or {@code information}
 * @param code       a code from the FHIR IssueType value set (e.g. {@code invalid}, {@code not-found})
 * @param diagnostics a sentence for the person or developer reading it; never patient data of another patient
 * @param expression the FHIRPath of the element at fault, or {@code null} when the problem is not about one element
 */
public record Issue(String severity, String code, String diagnostics, String expression) {

    public Issue {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(diagnostics, "diagnostics");
    }

    /** @return an error issue with no element path */
    public static Issue error(String code, String diagnostics) {
        return new Issue("error", code, diagnostics, null);
    }

    /** @return an error issue about the element at {@code expression} */
    public static Issue error(String code, String diagnostics, String expression) {
        return new Issue("error", code, diagnostics, expression);
    }

    /** @return an informational issue (used for successful outcomes) */
    public static Issue information(String code, String diagnostics) {
        return new Issue("information", code, diagnostics, null);
    }

    /** @return a warning issue */
    public static Issue warning(String code, String diagnostics) {
        return new Issue("warning", code, diagnostics, null);
    }
}
