package org.openspine.fhir.store;

/** What a delete did. */
public sealed interface DeleteResult {

    /** The resource was deleted; {@code version} is the deletion's version id. */
    record Deleted(String type, String id, int version) implements DeleteResult {
    }

    /** It was already deleted; nothing changed. */
    record AlreadyDeleted(String type, String id) implements DeleteResult {
    }

    /** No such resource; nothing changed. */
    record Absent(String type, String id) implements DeleteResult {
    }
}
