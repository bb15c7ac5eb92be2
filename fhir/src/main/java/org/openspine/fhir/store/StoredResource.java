package org.openspine.fhir.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of a resource as stored: its key, version, time, compartment and the compact JSON
 * that is served as it is.
 *
 * @param type        resource type, e.g. {@code Patient}
 * @param id          logical id
 * @param version     version id, from 1
 * @param lastUpdated when this version was written
 * @param patientId   the patient compartment this resource belongs to, if any
 * @param json        the stored JSON, including {@code id} and {@code meta.versionId}/{@code lastUpdated}
 */
public record StoredResource(String type, String id, int version, Instant lastUpdated, Optional<String> patientId,
        String json) {

    public StoredResource {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(lastUpdated, "lastUpdated");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(json, "json");
    }

    /** @return {@code Type/id} */
    public String reference() {
        return type + "/" + id;
    }
}
