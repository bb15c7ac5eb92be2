package org.openspine.identity.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openspine.fhir.access.RecordGuard;
import org.openspine.fhir.rest.FhirApi;
import org.openspine.fhir.search.query.FhirSearch;
import org.openspine.fhir.store.StoredResource;
import org.openspine.platform.error.OpenSpineException;

/**
 * Loads an ODS CSV file into the organisation directory: each row becomes an Organization (found and kept
 * by its ODS code, with its type, active flag and operational period, address, telephone and parent as
 * {@code partOf}) and, for organisations that see patients, a Location (the main site) and a
 * HealthcareService. Loading is idempotent: a resource that already says what the row says gets no new
 * version, and elements the directory does not own (added by other means) are kept.
 *
 * <p>A load is all or nothing, in the caller's transaction: a file with any bad line is refused whole
 * ({@link OdsFile} names every bad line), and a write the FHIR API refuses rolls everything back. Files may
 * be loaded in any order: a parent not yet in the directory is named by ODS code, and linked when its own
 * file is loaded. Loads are serialised (an advisory lock) so that two cannot both create an organisation.
 * Loading never deletes: an organisation missing from a later file stays, and a closed one says so.
 * Thread-safe.
 */
public final class OdsLoader {

    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('openspine.directory.ods', 0))";

    private final DirectoryStore store;

    public OdsLoader(FhirApi api, FhirSearch search) {
        this.store = new DirectoryStore(api, search);
    }

    /**
     * Loads one ODS file, UTF-8 text in the ODS standard layout, in the caller's transaction (which then
     * plans each statement afresh, {@code plan_cache_mode} = {@code force_custom_plan}, until it ends).
     *
     * @param guard the access checks of whoever loads it: writing the directory needs
     *              {@link org.openspine.platform.security.Activity#CONFIGURE}
     * @return what the load did
     * @throws OpenSpineException.Invalid naming every bad line when the file has any; nothing is written
     * @throws OpenSpineException.Conflict when two stored resources carry the same ODS code
     * @throws OpenSpineException.Forbidden when the caller may not write the directory
     */
    public OdsLoadReport load(Connection connection, RecordGuard guard, OdsFileKind kind, InputStream csv)
            throws SQLException {
        List<OdsRow> rows = OdsFile.read(new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))), kind);
        for (String type : List.of("Organization", "Location", "HealthcareService")) {
            guard.requireWrite(type);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(LOCK);
            // A load grows the tables it looks up in, often from nearly empty. A plan PostgreSQL cached while
            // they were small (a scan of the whole index table) stays cached as they grow, and was measured
            // making each look-up cost tens of milliseconds; plans made per look-up see their current size.
            statement.execute("SET LOCAL plan_cache_mode = force_custom_plan");
        }
        Set<String> codes = new LinkedHashSet<>();
        Set<String> patientFacing = new LinkedHashSet<>();
        Set<String> looked = new HashSet<>();
        for (OdsRow row : rows) {
            codes.add(row.code());
            looked.add(row.code());
            row.parent().ifPresent(parent -> looked.add(parent.code()));
            row.type().service().ifPresent(service -> patientFacing.add(row.code()));
        }
        Map<String, StoredResource> organisations = store.find(connection, "Organization", OdsResources.ODS, looked);
        Map<String, StoredResource> sites = store.find(connection, "Location", OdsResources.ODS_SITE, patientFacing);
        Map<String, StoredResource> services = store.find(connection, "HealthcareService", OdsResources.ODS_SERVICE,
                patientFacing);
        Map<String, String> organisationIds = new HashMap<>();
        organisations.forEach((code, stored) -> organisationIds.put(code, stored.id()));
        codes.forEach(code -> organisationIds.computeIfAbsent(code, absent -> DirectoryStore.newId()));

        Tallies tallies = new Tallies();
        for (OdsRow row : rows) {
            String id = organisationIds.get(row.code());
            Optional<String> parentId = row.parent().map(parent -> organisationIds.get(parent.code()));
            tallies.add("Organization", store.put(connection, guard, id, Optional.ofNullable(organisations.get(row.code())),
                    OdsResources.ODS, row.code(), OdsResources.organisation(row, parentId),
                    OdsResources.ORGANIZATION_FIELDS));
            Optional<OrganisationType.Service> offered = row.type().service();
            if (offered.isPresent()) {
                Optional<StoredResource> site = Optional.ofNullable(sites.get(row.code()));
                String siteId = site.map(StoredResource::id).orElseGet(DirectoryStore::newId);
                tallies.add("Location", store.put(connection, guard, siteId, site, OdsResources.ODS_SITE, row.code(),
                        OdsResources.location(row, id), OdsResources.LOCATION_FIELDS));
                Optional<StoredResource> service = Optional.ofNullable(services.get(row.code()));
                tallies.add("HealthcareService", store.put(connection, guard,
                        service.map(StoredResource::id).orElseGet(DirectoryStore::newId), service, OdsResources.ODS_SERVICE,
                        row.code(), OdsResources.service(row, offered.get(), id, siteId), OdsResources.SERVICE_FIELDS));
            }
        }
        int linked = linkWaitingChildren(connection, guard, codes, organisationIds);
        return new OdsLoadReport(kind, rows.size(), tallies.counts(), linked);
    }

    /**
     * Points organisations that name one of {@code codes} as parent by ODS code alone (loaded before their
     * parent was) at the parent's Organization.
     *
     * @return how many were linked
     */
    private int linkWaitingChildren(Connection connection, RecordGuard guard, Set<String> codes,
            Map<String, String> organisationIds) throws SQLException {
        int linked = 0;
        for (StoredResource child : store.withTokens(connection, "Organization", "partof:identifier", OdsResources.ODS,
                codes)) {
            JsonNode json = DirectoryStore.json(child.json());
            String parentCode = json.path("partOf").path("identifier").path("value").asText();
            Optional<String> childCode = DirectoryStore.identifier(json, OdsResources.ODS);
            if (json.path("partOf").has("reference") || !codes.contains(parentCode) || childCode.isEmpty()) {
                continue;
            }
            ObjectNode owned = ((ObjectNode) json).deepCopy();
            ((ObjectNode) owned.get("partOf")).put("reference", "Organization/" + organisationIds.get(parentCode));
            if (store.put(connection, guard, child.id(), Optional.of(child), OdsResources.ODS, childCode.get(), owned,
                    List.of("partOf")) != DirectoryStore.Written.UNCHANGED) {
                linked++;
            }
        }
        return linked;
    }

    /** Counts of what was written, per resource type. Not thread-safe: one per load. */
    private static final class Tallies {

        private final Map<String, int[]> counts = new HashMap<>();

        void add(String type, DirectoryStore.Written written) {
            counts.computeIfAbsent(type, absent -> new int[3])[written.ordinal()]++;
        }

        Map<String, OdsLoadReport.Tally> counts() {
            Map<String, OdsLoadReport.Tally> tallies = new HashMap<>();
            counts.forEach((type, n) -> tallies.put(type, new OdsLoadReport.Tally(n[0], n[1], n[2])));
            return tallies;
        }
    }
}
