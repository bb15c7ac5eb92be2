package org.openspine.fhir.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Resource;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.search.ParamIds;
import org.openspine.fhir.search.index.IndexEntry;
import org.openspine.fhir.search.index.ResourceIndexer;
import org.openspine.platform.database.SqlFailures;
import org.openspine.platform.error.OpenSpineException;

/**
 * The FHIR resource store: the Java API every module writes and reads the shared record through.
 *
 * <p>Each method works on the caller's {@link Connection} and joins the caller's transaction, so a
 * service can write several resources (and its own rows, and jobs) atomically. A write stores the
 * new version in {@code resource} (current) and {@code resource_version} (history) and refreshes the
 * identifier index, all in that transaction. Writers of one resource are serialised by a row lock
 * ({@code SELECT ... FOR UPDATE}); a stale {@code ifMatch} is refused, never silently overwritten.
 *
 * <p>Reads return the stored JSON bytes without parsing. Thread-safe.
 */
public final class FhirStore {

    // Each write is one statement: the version rows, the current rows and the index rows of every
    // resource written together, so a create costs one round trip, and a bundle of creates one too.
    private static final String VERSIONS = """
            WITH v AS (
              INSERT INTO resource_version (res_type, res_id, version, last_updated, deleted, patient_id, method, json)
              SELECT * FROM unnest(?::text[], ?::text[], ?::int[], ?::timestamptz[], ?::boolean[], ?::text[], ?::text[],
                ?::text[])
              RETURNING res_type, res_id, version, last_updated, deleted, patient_id, seq, json),
            ids AS (SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[]) AS x(res_type, res_id, rid)),
            """;
    private static final String CURRENT = """
            INSERT INTO resource (rid, res_type, res_id, version, last_updated, deleted, patient_id, seq, json)
            SELECT ids.rid, v.res_type, v.res_id, v.version, v.last_updated, v.deleted, v.patient_id, v.seq, v.json
            FROM v JOIN ids USING (res_type, res_id)
            """;
    /** New resources: a clash on the primary key (same type and id) is a unique violation. */
    private static final String INSERT_NEW = VERSIONS + IndexRows.INSERTS + CURRENT;
    /** New versions of resources whose rows are locked: old index rows go, new ones come. */
    private static final String WRITE_EXISTING = VERSIONS + IndexRows.DELETES + "," + IndexRows.INSERTS + CURRENT + """
            ON CONFLICT (res_type, res_id) DO UPDATE SET version = EXCLUDED.version, last_updated = EXCLUDED.last_updated,
              deleted = EXCLUDED.deleted, patient_id = EXCLUDED.patient_id, seq = EXCLUDED.seq, json = EXCLUDED.json
            """;
    private static final String CURRENT_FOR_UPDATE =
            "SELECT version, deleted, rid, patient_id FROM resource WHERE res_type = ? AND res_id = ? FOR UPDATE";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private final FhirCodec codec;
    private final Clock clock;
    private final CompartmentKey compartments;
    private final ResourceIndexer indexer;
    private final ParamIds paramIds;
    private final RidBlocks rids = new RidBlocks();

    /**
     * @param indexer  extracts the search index entries of every version written
     * @param paramIds the ids of the parameters' keys (see {@link ParamIds#register})
     */
    public FhirStore(FhirCodec codec, Clock clock, ResourceIndexer indexer, ParamIds paramIds) {
        this.codec = codec;
        this.clock = clock;
        this.compartments = new CompartmentKey(codec.context());
        this.indexer = indexer;
        this.paramIds = paramIds;
    }

    // ---- reads ----------------------------------------------------------------------------------

    /** @return the current version of {@code type/id}, its deletion, or absence */
    public ReadResult read(Connection connection, String type, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT version, last_updated, deleted, patient_id, json FROM resource WHERE res_type = ? AND res_id = ?")) {
            statement.setString(1, type);
            statement.setString(2, id);
            return readOne(statement, type, id);
        }
    }

    /**
     * Like {@link #read}, and locks the resource's row until the caller's transaction ends, so a
     * read-modify-write (PATCH) cannot lose a concurrent update.
     */
    public ReadResult readForUpdate(Connection connection, String type, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT version, last_updated, deleted, patient_id, json FROM resource WHERE res_type = ? AND res_id = ?"
                        + " FOR UPDATE")) {
            statement.setString(1, type);
            statement.setString(2, id);
            return readOne(statement, type, id);
        }
    }

    /** @return version {@code version} of {@code type/id}, a deletion at that version, or absence */
    public ReadResult vread(Connection connection, String type, String id, int version) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT version, last_updated, deleted, patient_id, json FROM resource_version "
                        + "WHERE res_type = ? AND res_id = ? AND version = ?")) {
            statement.setString(1, type);
            statement.setString(2, id);
            statement.setInt(3, version);
            return readOne(statement, type, id);
        }
    }

    /** @return one page of history, newest first */
    public HistoryPage history(Connection connection, HistoryQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder(
                "SELECT seq, res_type, res_id, version, last_updated, method, json, patient_id FROM resource_version v WHERE ");
        Visibility.Condition visible = query.visibility().versionCondition("v");
        sql.append(visible.sql());
        List<Object> args = new ArrayList<>(visible.values());
        if (!query.readableTypes().isEmpty()) {
            sql.append(" AND res_type = ANY (?)");
            args.add(query.readableTypes().toArray(String[]::new));
        }
        query.type().ifPresent(t -> {
            sql.append(" AND res_type = ?");
            args.add(t);
        });
        query.id().ifPresent(i -> {
            sql.append(" AND res_id = ?");
            args.add(i);
        });
        query.since().ifPresent(s -> {
            sql.append(" AND last_updated >= ?");
            args.add(Timestamp.from(s));
        });
        if (query.before().isPresent()) {
            sql.append(" AND seq < ?");
            args.add(query.before().getAsLong());
        }
        sql.append(" ORDER BY seq DESC LIMIT ?");
        args.add(query.count() + 1); // one extra row tells whether there is a next page
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            bind(connection, statement, args);
            List<HistoryPage.Entry> entries = new ArrayList<>();
            long lastSeq = 0;
            boolean more = false;
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    if (entries.size() == query.count()) {
                        more = true;
                        break;
                    }
                    lastSeq = rows.getLong(1);
                    entries.add(new HistoryPage.Entry(rows.getString(2), rows.getString(3), rows.getInt(4),
                            rows.getTimestamp(5).toInstant(), rows.getString(6), Optional.ofNullable(rows.getString(7)),
                            Optional.ofNullable(rows.getString(8))));
                }
            }
            return new HistoryPage(entries, more ? OptionalLong.of(lastSeq) : OptionalLong.empty());
        }
    }

    /**
     * @return the patient of the current (or deleted) resource {@code type/id} and whether
     *         {@code visibility} shows it; empty when there is no such resource. Joins the caller's
     *         transaction.
     */
    public Optional<Sighting> sight(Connection connection, String type, String id, Visibility visibility)
            throws SQLException {
        Visibility.Condition visible = visibility.condition("a", paramIds.of("Resource._security"));
        try (PreparedStatement statement = connection.prepareStatement("SELECT a.patient_id, " + visible.sql()
                + " FROM resource a WHERE a.res_type = ? AND a.res_id = ?")) {
            List<Object> args = new ArrayList<>(visible.values());
            args.add(type);
            args.add(id);
            bind(connection, statement, args);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(new Sighting(Optional.ofNullable(rows.getString(1)), rows.getBoolean(2)))
                        : Optional.empty();
            }
        }
    }

    /**
     * What {@link #sight} saw of a resource.
     *
     * @param patientId its patient, if it belongs to one
     * @param visible   whether the visibility asked about shows it
     */
    public record Sighting(Optional<String> patientId, boolean visible) {
    }

    /** Binds values in order; String[] as text[]. */
    static void bind(Connection connection, PreparedStatement statement, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object arg = args.get(i);
            if (arg instanceof String[] array) {
                ArrayParameters.bind(connection, statement, i + 1, "text", array);
            } else {
                statement.setObject(i + 1, arg);
            }
        }
    }

    // ---- writes ---------------------------------------------------------------------------------

    /**
     * Creates {@code resource} with a new server-assigned id (any id in it is replaced).
     *
     * @return the stored version 1
     */
    public StoredResource create(Connection connection, IBaseResource resource) throws SQLException {
        String type = codec.context().getResourceType(resource);
        Pending pending = prepare(type, newId(), 1, resource, "POST", now());
        long rid = rids.take(connection, 1)[0];
        execute(connection, INSERT_NEW, List.of(pending), new long[] {rid});
        return pending.stored();
    }

    /**
     * Creates each resource under the id it already carries (ids chosen by the caller, as a
     * transaction does before resolving references), in one round trip.
     *
     * @return the stored version 1 of each, in order
     * @throws OpenSpineException.Conflict when any of the ids already exists
     */
    public List<StoredResource> createAll(Connection connection, List<? extends IBaseResource> resources)
            throws SQLException {
        if (resources.isEmpty()) {
            return List.of();
        }
        Instant now = now();
        List<Pending> pending = new ArrayList<>(resources.size());
        for (IBaseResource resource : resources) {
            String type = codec.context().getResourceType(resource);
            pending.add(prepare(type, resource.getIdElement().getIdPart(), 1, resource, "POST", now));
        }
        execute(connection, INSERT_NEW, pending, rids.take(connection, pending.size()));
        return pending.stream().map(Pending::stored).toList();
    }

    /**
     * Creates or updates {@code type/id} with {@code resource} (update-as-create for a new id, and
     * revival of a deleted resource).
     *
     * @param ifMatch when present, the version the caller last saw; the update happens only if it
     *                is still the current version
     * @throws OpenSpineException.PreconditionFailed when {@code ifMatch} is stale or the resource does not exist
     * @throws OpenSpineException.Conflict when a concurrent writer created the same id first
     */
    public WriteResult update(Connection connection, String type, String id, IBaseResource resource, OptionalInt ifMatch)
            throws SQLException {
        return update(connection, type, id, resource, ifMatch, "PUT");
    }

    /**
     * Like {@link #update(Connection, String, String, IBaseResource, OptionalInt)}, recording the
     * interaction that made the version ({@code PUT} or {@code PATCH}) for its history entry.
     */
    public WriteResult update(Connection connection, String type, String id, IBaseResource resource, OptionalInt ifMatch,
            String method) throws SQLException {
        Current current = lockCurrent(connection, type, id);
        if (ifMatch.isPresent()) {
            if (current == null) {
                throw new OpenSpineException.PreconditionFailed(type + "/" + id
                        + " does not exist, so If-Match version " + ifMatch.getAsInt() + " cannot match");
            }
            if (current.version() != ifMatch.getAsInt()) {
                throw new OpenSpineException.PreconditionFailed(type + "/" + id + " is at version " + current.version()
                        + ", not the If-Match version " + ifMatch.getAsInt());
            }
        }
        int version = current == null ? 1 : current.version() + 1;
        boolean created = current == null || current.deleted();
        Pending pending = prepare(type, id, version, resource, method, now());
        if (current == null) {
            execute(connection, INSERT_NEW, List.of(pending), rids.take(connection, 1));
        } else {
            execute(connection, WRITE_EXISTING, List.of(pending), new long[] {current.rid()});
        }
        return new WriteResult(pending.stored(), created);
    }

    /**
     * Deletes {@code type/id} (a new version marked deleted; history keeps the earlier ones; its
     * search index rows go).
     *
     * @param ifMatch when present, the version the caller last saw
     * @throws OpenSpineException.PreconditionFailed when {@code ifMatch} is stale
     */
    public DeleteResult delete(Connection connection, String type, String id, OptionalInt ifMatch) throws SQLException {
        Current current = lockCurrent(connection, type, id);
        if (current == null) {
            return new DeleteResult.Absent(type, id);
        }
        if (ifMatch.isPresent() && current.version() != ifMatch.getAsInt()) {
            throw new OpenSpineException.PreconditionFailed(type + "/" + id + " is at version " + current.version()
                    + ", not the If-Match version " + ifMatch.getAsInt());
        }
        if (current.deleted()) {
            return new DeleteResult.AlreadyDeleted(type, id);
        }
        int version = current.version() + 1;
        Pending deletion = new Pending(type, id, version, now(), true, Optional.empty(), "DELETE", null, List.of());
        execute(connection, WRITE_EXISTING, List.of(deletion), new long[] {current.rid()});
        return new DeleteResult.Deleted(type, id, version, current.patientId());
    }

    /** @return the parameters search may use, and how values are extracted for them */
    public ResourceIndexer indexer() {
        return indexer;
    }

    /** @return the ids index rows are stored under */
    public ParamIds paramIds() {
        return paramIds;
    }

    // ---- internals ------------------------------------------------------------------------------

    /** Stamps id, version and time into {@code resource} and works out everything stored for it. */
    private Pending prepare(String type, String id, int version, IBaseResource resource, String method, Instant now) {
        Resource r = (Resource) resource;
        r.setId(type + "/" + id);
        r.getMeta().setVersionId(Integer.toString(version));
        InstantType lastUpdated = new InstantType(Date.from(now));
        lastUpdated.setTimeZoneZulu(true);
        r.getMeta().setLastUpdatedElement(lastUpdated);
        Optional<String> patient = compartments.of(type, id, resource);
        String json = codec.encodeStored(resource);
        List<IndexEntry> entries;
        try {
            entries = indexer.entries(type, JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the encoder produced unreadable JSON for " + type + "/" + id, e);
        }
        return new Pending(type, id, version, now, false, patient, method, json, entries);
    }

    private void execute(Connection connection, String sql, List<Pending> writes, long[] rowIds) throws SQLException {
        int n = writes.size();
        Object[] types = new Object[n];
        Object[] ids = new Object[n];
        Object[] versions = new Object[n];
        Object[] times = new Object[n];
        Object[] deleted = new Object[n];
        Object[] patients = new Object[n];
        Object[] methods = new Object[n];
        Object[] jsons = new Object[n];
        Object[] ridColumn = new Object[n];
        IndexRows index = new IndexRows(paramIds);
        for (int w = 0; w < n; w++) {
            Pending write = writes.get(w);
            types[w] = write.type();
            ids[w] = write.id();
            versions[w] = write.version();
            times[w] = write.at().toString();
            deleted[w] = write.deleted();
            patients[w] = write.patient().orElse(null);
            methods[w] = write.method();
            jsons[w] = write.json();
            ridColumn[w] = rowIds[w];
            index.add(rowIds[w], write.type(), write.patient().orElse(null), write.entries());
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 1;
            ArrayParameters.bind(connection, statement, i++, "text", types);
            ArrayParameters.bind(connection, statement, i++, "text", ids);
            ArrayParameters.bind(connection, statement, i++, "integer", versions);
            ArrayParameters.bind(connection, statement, i++, "text", times);
            ArrayParameters.bind(connection, statement, i++, "boolean", deleted);
            ArrayParameters.bind(connection, statement, i++, "text", patients);
            ArrayParameters.bind(connection, statement, i++, "text", methods);
            ArrayParameters.bind(connection, statement, i++, "text", jsons);
            ArrayParameters.bind(connection, statement, i++, "text", types);
            ArrayParameters.bind(connection, statement, i++, "text", ids);
            ArrayParameters.bind(connection, statement, i++, "bigint", ridColumn);
            if (sql == WRITE_EXISTING) {
                for (int t = 0; t < IndexRows.TABLES; t++) {
                    ArrayParameters.bind(connection, statement, i++, "bigint", ridColumn);
                }
            }
            index.bind(connection, statement, i);
            statement.executeUpdate();
        } catch (SQLException e) {
            Pending first = writes.get(0);
            throw SqlFailures.translate("write " + first.type() + "/" + first.id()
                    + (n > 1 ? " and " + (n - 1) + " more" : ""), e);
        }
    }

    private static Current lockCurrent(Connection connection, String type, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(CURRENT_FOR_UPDATE)) {
            statement.setString(1, type);
            statement.setString(2, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? new Current(rows.getInt(1), rows.getBoolean(2), rows.getLong(3),
                        Optional.ofNullable(rows.getString(4))) : null;
            }
        }
    }

    private static ReadResult readOne(PreparedStatement statement, String type, String id) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                return new ReadResult.Absent(type, id);
            }
            int version = rows.getInt(1);
            Instant lastUpdated = rows.getTimestamp(2).toInstant();
            if (rows.getBoolean(3)) {
                return new ReadResult.Deleted(type, id, version, lastUpdated);
            }
            return new ReadResult.Found(new StoredResource(type, id, version, lastUpdated,
                    Optional.ofNullable(rows.getString(4)), rows.getString(5)));
        }
    }

    /** FHIR instants carry milliseconds; PostgreSQL keeps microseconds. Truncate so both agree. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    /** The locked current row of a resource. */
    private record Current(int version, boolean deleted, long rid, Optional<String> patientId) {
    }

    /** One version ready to store. */
    private record Pending(String type, String id, int version, Instant at, boolean deleted, Optional<String> patient,
            String method, String json, List<IndexEntry> entries) {

        StoredResource stored() {
            return new StoredResource(type, id, version, at, patient, json);
        }
    }
}
