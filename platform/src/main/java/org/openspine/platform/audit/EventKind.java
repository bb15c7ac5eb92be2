package org.openspine.platform.audit;

/** What an audit record is about; each {@link AuditSubtype} belongs to one kind. */
public enum EventKind {
    /** Someone created, read, searched, changed or deleted patient data (DICOM 110110 Patient Record). */
    PATIENT_RECORD("patient-record"),
    /** Sign-in, a rejected token, a denied access, a break-glass. */
    SECURITY("security");

    private final String code;

    EventKind(String code) {
        this.code = code;
    }

    /** @return the code stored in {@code audit_event.kind} */
    public String code() {
        return code;
    }
}
