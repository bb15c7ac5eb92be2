package org.openspine.fhir.store;

import java.util.Optional;

/** What a delete did. */
public sealed interface DeleteResult {

    /**
     * The resource was deleted; {@code version} is the deletion's version id, {@code patientId} the
     * patient whose record it was in (for the audit trail).
     */
    record Deleted(String type, String id, int version, Optional<String> patientId) implements DeleteResult {
    }

    /** It was already deleted; nothing changed. */
    record AlreadyDeleted(String type, String id) implements DeleteResult {
    }

    /** No such resource; nothing changed. */
    record Absent(String type, String id) implements DeleteResult {
    }
}
