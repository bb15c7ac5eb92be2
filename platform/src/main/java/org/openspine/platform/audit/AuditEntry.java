package org.openspine.platform.audit;

import java.util.Objects;
import java.util.UUID;

/**
 * One stored audit event.
 *
 * @param id     its id, which is also its {@code AuditEvent.id}
 * @param record what it records
 */
public record AuditEntry(UUID id, AuditRecord record) {

    public AuditEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(record, "record");
    }

    /** @return the event as FHIR R4 AuditEvent JSON (see {@link AuditEventJson}) */
    public String toFhirJson() {
        return AuditEventJson.render(this);
    }
}
