package org.openspine.fhir.rest;

import java.sql.Connection;
import java.sql.SQLException;

/** Runs one interaction request on a connection; how bundle entries reach the interactions. */
@FunctionalInterface
interface Dispatch {

    FhirResponse apply(Connection connection, FhirRequest request) throws SQLException;
}
