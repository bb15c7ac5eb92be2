package org.openspine.fhir.store;

import java.time.Instant;

/** What a read or vread found: the resource, a deletion, or nothing. */
public sealed interface ReadResult {

    /** The resource (version) exists. */
    record Found(StoredResource resource) implements ReadResult {
    }

    /** The resource existed and this is (or its current version is) a deletion. */
    record Deleted(String type, String id, int version, Instant lastUpdated) implements ReadResult {
    }

    /** No such resource or version was ever stored. */
    record Absent(String type, String id) implements ReadResult {
    }
}
