package org.openspine.platform.audit;

/** FHIR {@code AuditEvent.action}: the kind of thing done (create, read, update, delete, execute). */
public enum AuditAction {
    C, R, U, D, E
}
