package org.openspine.fhir.store;

/**
 * The version a write produced.
 *
 * @param resource the new current version
 * @param created  true when the write created the resource (or revived a deleted one)
 */
public record WriteResult(StoredResource resource, boolean created) {
}
