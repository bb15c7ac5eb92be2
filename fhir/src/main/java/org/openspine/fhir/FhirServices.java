package org.openspine.fhir;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.openspine.fhir.access.RecordAccess;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.rest.FhirApi;
import org.openspine.fhir.search.DerivedParam;
import org.openspine.fhir.search.ParamIds;
import org.openspine.fhir.search.SearchParameters;
import org.openspine.fhir.search.index.ResourceIndexer;
import org.openspine.fhir.search.query.FhirSearch;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.store.Reindexer;
import org.openspine.fhir.validation.ProfileValidation;
import org.openspine.platform.audit.AuditLog;
import org.openspine.platform.database.Database;
import org.openspine.platform.security.AccessPolicy;

/**
 * The fhir module's parts wired together, in dependency order: search parameters (R4 plus the
 * active SearchParameter resources stored on the server), their index ids, the store, search and
 * the REST API. The server's composition root and the tests build it the same way.
 *
 * @param parameters the search parameters in force
 * @param store      the resource store
 * @param search     FHIR search
 * @param api        the REST API as plain Java
 * @param reindexer  rebuilds index rows when definitions change
 * @param access     who may see and change what, applied to every interaction
 */
public record FhirServices(SearchParameters parameters, ResourceIndexer indexer, FhirStore store, FhirSearch search,
        FhirApi api, Reindexer reindexer, RecordAccess access) {

    /** The zone of dates written without one: OpenSpine serves the UK. */
    public static final ZoneId SERVICE_ZONE = ZoneId.of("Europe/London");

    /**
     * @param base R4's own parameters ({@link SearchParameters#r4}), built ahead while the database starts
     * @throws IllegalStateException when a stored SearchParameter cannot be used
     */
    public static FhirServices open(Database database, FhirCodec codec, SearchParameters base,
            ProfileValidation validation, Clock clock, String version) {
        return open(database, codec, base, validation, clock, version, List.of());
    }

    /**
     * @param derived search parameters other modules compute (see {@link DerivedParam}), indexed and searched
     *                like the others
     * @throws IllegalStateException when a stored SearchParameter cannot be used
     */
    public static FhirServices open(Database database, FhirCodec codec, SearchParameters base,
            ProfileValidation validation, Clock clock, String version, List<DerivedParam> derived) {
        SearchParameters parameters = base.withDerived(derived).plus(database.read(connection -> {
            List<JsonNode> stored = new ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT json FROM resource WHERE res_type = 'SearchParameter' AND NOT deleted");
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    JsonNode definition = json.readTree(rows.getString(1));
                    if (definition.path("status").asText().equals("active")) {
                        stored.add(definition);
                    }
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a stored SearchParameter is not readable JSON", e);
            }
            return stored;
        }));
        ParamIds ids = database.read(connection -> ParamIds.register(connection, parameters));
        ResourceIndexer indexer = new ResourceIndexer(codec.context(), parameters, SERVICE_ZONE, derived);
        FhirStore store = new FhirStore(codec, clock, indexer, ids);
        FhirSearch search = new FhirSearch(codec.context(), parameters, ids, SERVICE_ZONE, clock, database);
        RecordAccess access = new RecordAccess(AccessPolicy.nhs(), codec.context(), ids, clock);
        FhirApi api = new FhirApi(codec, store, search, validation, access, new AuditLog(database), clock, version);
        return new FhirServices(parameters, indexer, store, search, api, new Reindexer(indexer, ids), access);
    }
}
