package org.openspine.platform.audit;

import java.util.Arrays;

/**
 * What happened, more precisely than {@link EventKind}. Patient-record subtypes are the FHIR RESTful
 * interactions ({@code http://hl7.org/fhir/restful-interaction}); security subtypes are rendered with
 * DICOM codes (see {@link AuditEventJson}). Each has the action it usually is, which a record may
 * override (an operation that only reads is {@code R}).
 */
public enum AuditSubtype {
    READ("read", EventKind.PATIENT_RECORD, AuditAction.R),
    VREAD("vread", EventKind.PATIENT_RECORD, AuditAction.R),
    HISTORY("history", EventKind.PATIENT_RECORD, AuditAction.R),
    SEARCH("search", EventKind.PATIENT_RECORD, AuditAction.R),
    CREATE("create", EventKind.PATIENT_RECORD, AuditAction.C),
    UPDATE("update", EventKind.PATIENT_RECORD, AuditAction.U),
    PATCH("patch", EventKind.PATIENT_RECORD, AuditAction.U),
    DELETE("delete", EventKind.PATIENT_RECORD, AuditAction.D),
    TRANSACTION("transaction", EventKind.PATIENT_RECORD, AuditAction.E),
    BATCH("batch", EventKind.PATIENT_RECORD, AuditAction.E),
    OPERATION("operation", EventKind.PATIENT_RECORD, AuditAction.E),
    SIGN_IN("sign-in", EventKind.SECURITY, AuditAction.E),
    TOKEN_REJECTED("token-rejected", EventKind.SECURITY, AuditAction.E),
    ACCESS_DENIED("access-denied", EventKind.SECURITY, AuditAction.E),
    BREAK_GLASS("break-glass", EventKind.SECURITY, AuditAction.E);

    private final String code;
    private final EventKind kind;
    private final AuditAction usualAction;

    AuditSubtype(String code, EventKind kind, AuditAction usualAction) {
        this.code = code;
        this.kind = kind;
        this.usualAction = usualAction;
    }

    /** @return the code stored in {@code audit_event.subtype}; for patient-record subtypes the FHIR interaction code */
    public String code() {
        return code;
    }

    /** @return whether this is access to patient data or a security event */
    public EventKind kind() {
        return kind;
    }

    /** @return the action this subtype is unless a record says otherwise */
    public AuditAction usualAction() {
        return usualAction;
    }

    /**
     * @throws IllegalArgumentException for an unknown code
     */
    public static AuditSubtype of(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown audit subtype '" + code + "'"));
    }
}
