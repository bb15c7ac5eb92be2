package org.openspine.exchange.filing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.openspine.fhir.store.StoredResource;

/**
 * Writes a run's new resources into the record, in the filing transaction: the FHIR store's {@code createAll} (one
 * statement for all of them, search indexes and care relationships included). An interface only so that a test can
 * compose filing with a store that fails on write.
 */
@FunctionalInterface
interface RecordWriter {

    /** @return what was stored, in order */
    List<StoredResource> write(Connection connection, List<Resource> resources) throws SQLException;
}
