package org.openspine.platform.error;

import java.util.List;

/**
 * The one root of the failures OpenSpine code throws on purpose. Each leaf is a category that the
 * HTTP layer maps to a status exactly once ({@link org.openspine.platform.http.OutcomeMapper});
 * code below the HTTP layer never chooses a status. Anything that is not one of these is a bug
 * and becomes a 500 with a generic message.
 *
 * <p>Thrown inside a database transaction, any of these rolls the transaction back.
 */
public abstract sealed class OpenSpineException extends RuntimeException
        permits OpenSpineException.Invalid, OpenSpineException.Unprocessable, OpenSpineException.NotFound,
        OpenSpineException.Gone, OpenSpineException.Conflict, OpenSpineException.PreconditionFailed,
        OpenSpineException.Unauthenticated, OpenSpineException.Forbidden, OpenSpineException.NotSupported,
        OpenSpineException.TooLarge, OpenSpineException.UnsupportedMediaType, OpenSpineException.NotAcceptable,
        OpenSpineException.Unavailable {

    private final transient List<Issue> issues;

    OpenSpineException(List<Issue> issues, Throwable cause) {
        super(issues.isEmpty() ? "" : issues.get(0).diagnostics(), cause, false, cause != null);
        this.issues = List.copyOf(issues);
    }

    /** @return the issues, at least one */
    public List<Issue> issues() {
        return issues;
    }

    /** The request is malformed: syntax, wrong type, bad parameter value. */
    public static final class Invalid extends OpenSpineException {
        public Invalid(String code, String diagnostics) { this(List.of(Issue.error(code, diagnostics)), null); }
        public Invalid(String code, String diagnostics, Throwable cause) { this(List.of(Issue.error(code, diagnostics)), cause); }
        public Invalid(List<Issue> issues) { this(issues, null); }
        public Invalid(List<Issue> issues, Throwable cause) { super(issues, cause); }
    }

    /** The request is well-formed but breaks a rule of content: validation or business rules. */
    public static final class Unprocessable extends OpenSpineException {
        public Unprocessable(String code, String diagnostics) { this(List.of(Issue.error(code, diagnostics))); }
        public Unprocessable(List<Issue> issues) { super(issues, null); }
    }

    /** The thing asked for does not exist (and never did, as far as the caller may know). */
    public static final class NotFound extends OpenSpineException {
        public NotFound(String diagnostics) { super(List.of(Issue.error("not-found", diagnostics)), null); }
    }

    /** The thing asked for existed and was deleted. */
    public static final class Gone extends OpenSpineException {
        public Gone(String diagnostics) { super(List.of(Issue.error("deleted", diagnostics)), null); }
    }

    /** The request conflicts with the current state (a concurrent change, a duplicate). */
    public static final class Conflict extends OpenSpineException {
        public Conflict(String diagnostics) { super(List.of(Issue.error("conflict", diagnostics)), null); }
        public Conflict(String diagnostics, Throwable cause) { super(List.of(Issue.error("conflict", diagnostics)), cause); }
    }

    /** A precondition the caller stated (If-Match, a conditional match count) does not hold. */
    public static final class PreconditionFailed extends OpenSpineException {
        public PreconditionFailed(String diagnostics) { super(List.of(Issue.error("conflict", diagnostics)), null); }
        public PreconditionFailed(String code, String diagnostics) { super(List.of(Issue.error(code, diagnostics)), null); }
    }

    /** No valid credentials were presented. */
    public static final class Unauthenticated extends OpenSpineException {
        public Unauthenticated(String diagnostics) { super(List.of(Issue.error("login", diagnostics)), null); }
    }

    /** The caller is known but may not do this. */
    public static final class Forbidden extends OpenSpineException {
        public Forbidden(String diagnostics) { super(List.of(Issue.error("forbidden", diagnostics)), null); }
    }

    /** The interaction exists in FHIR but this server does not support it on this target. */
    public static final class NotSupported extends OpenSpineException {
        public NotSupported(String diagnostics) { super(List.of(Issue.error("not-supported", diagnostics)), null); }
    }

    /** The request body is over the configured limit. */
    public static final class TooLarge extends OpenSpineException {
        public TooLarge(String diagnostics) { super(List.of(Issue.error("too-costly", diagnostics)), null); }
    }

    /** The request body's media type is not one this endpoint reads. */
    public static final class UnsupportedMediaType extends OpenSpineException {
        public UnsupportedMediaType(String diagnostics) { super(List.of(Issue.error("not-supported", diagnostics)), null); }
    }

    /** The caller asked for a response format this endpoint cannot write. */
    public static final class NotAcceptable extends OpenSpineException {
        public NotAcceptable(String diagnostics) { super(List.of(Issue.error("not-supported", diagnostics)), null); }
    }

    /** A dependency (the database) is not available now; the caller may retry. */
    public static final class Unavailable extends OpenSpineException {
        public Unavailable(String diagnostics, Throwable cause) { super(List.of(Issue.error("transient", diagnostics)), cause); }
    }
}
