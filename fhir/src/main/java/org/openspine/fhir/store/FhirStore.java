package org.openspine.fhir.store;

import ca.uhn.fhir.context.FhirContext;
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

    // Each write is one statement: the version row, the current row and the index rows together,
    // so a create costs one round trip (and a batch of creates, one for all).
    private static final String VERSION_AND_TOKENS = """
            v AS (
              INSERT INTO resource_version (res_type, res_id, version, last_updated, deleted, patient_id, method, json)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?)
              RETURNING res_type, res_id, version, last_updated, deleted, patient_id, seq, json),
            t AS (
              INSERT INTO index_token (res_type, res_id, param, system, code, patient_id)
              SELECT v.res_type, v.res_id, 'identifier', x.system, x.code, v.patient_id
              FROM v, unnest(?::text[], ?::text[]) AS x(system, code))
            INSERT INTO resource (res_type, res_id, version, last_updated, deleted, patient_id, seq, json)
            SELECT res_type, res_id, version, last_updated, deleted, patient_id, seq, json FROM v
            """;
    /** A new resource: a clash on the primary key (same type and id) is a unique violation. */
    private static final String INSERT_NEW = "WITH " + VERSION_AND_TOKENS;
    /** A new version of a resource whose row is locked: old index rows go, new ones come. */
    private static final String WRITE_EXISTING = "WITH d AS (DELETE FROM index_token WHERE res_type = ? AND res_id = ?), "
            + VERSION_AND_TOKENS + """
            ON CONFLICT (res_type, res_id) DO UPDATE SET version = EXCLUDED.version, last_updated = EXCLUDED.last_updated,
              deleted = EXCLUDED.deleted, patient_id = EXCLUDED.patient_id, seq = EXCLUDED.seq, json = EXCLUDED.json
            """;
    private static final String[] NONE = new String[0];
    private static final String CURRENT_FOR_UPDATE =
            "SELECT version, deleted FROM resource WHERE res_type = ? AND res_id = ? FOR UPDATE";

    private final FhirCodec codec;
    private final Clock clock;
    private final CompartmentKey compartments;
    private final IdentifierIndex identifiers;

    public FhirStore(FhirCodec codec, Clock clock) {
        this.codec = codec;
        this.clock = clock;
        FhirContext context = codec.context();
        this.compartments = new CompartmentKey(context);
        this.identifiers = new IdentifierIndex(context);
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

    /**
     * Finds current (not deleted) resources of {@code type} matching {@code criteria}, ordered by id.
     *
     * @param limit at most this many are returned
     */
    public List<StoredResource> find(Connection connection, String type, Criteria criteria, int limit)
            throws SQLException {
        return find(connection, type, criteria, Optional.empty(), limit);
    }

    /**
     * Like {@link #find(Connection, String, Criteria, int)}, continuing after {@code afterId} (keyset
     * paging: stable when resources are added between pages).
     */
    public List<StoredResource> find(Connection connection, String type, Criteria criteria, Optional<String> afterId,
            int limit) throws SQLException {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder(
                "SELECT r.res_id, r.version, r.last_updated, r.patient_id, r.json FROM resource r");
        where(sql, args, type, criteria);
        if (afterId.isPresent()) {
            sql.append(" AND r.res_id > ?");
            args.add(afterId.get());
        }
        sql.append(" ORDER BY r.res_id LIMIT ?");
        args.add(limit);
        try (PreparedStatement statement = prepare(connection, sql.toString(), args)) {
            List<StoredResource> found = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(new StoredResource(type, rows.getString(1), rows.getInt(2), rows.getTimestamp(3).toInstant(),
                            Optional.ofNullable(rows.getString(4)), rows.getString(5)));
                }
            }
            return found;
        }
    }

    /** @return how many current (not deleted) resources of {@code type} match {@code criteria} */
    public long count(Connection connection, String type, Criteria criteria) throws SQLException {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM resource r");
        where(sql, args, type, criteria);
        try (PreparedStatement statement = prepare(connection, sql.toString(), args);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Serialises conditional interactions on the same criteria until the caller's transaction ends,
     * so two concurrent "create if none exists" cannot both see none and both create.
     */
    public void lockCriteria(Connection connection, String type, Criteria criteria) throws SQLException {
        StringBuilder key = new StringBuilder(type).append('?');
        criteria.ids().stream().sorted().forEach(id -> key.append("_id=").append(id).append('&'));
        criteria.identifiers().stream()
                .map(group -> group.stream().map(t -> t.system() + "|" + t.code()).sorted().toList().toString())
                .sorted().forEach(group -> key.append("identifier=").append(group).append('&'));
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            statement.setString(1, key.toString());
            statement.execute();
        }
    }

    private static void where(StringBuilder sql, List<Object> args, String type, Criteria criteria) {
        sql.append(" WHERE r.res_type = ? AND NOT r.deleted");
        args.add(type);
        if (!criteria.ids().isEmpty()) {
            sql.append(" AND r.res_id = ANY (?)");
            args.add(criteria.ids().toArray(String[]::new));
        }
        for (List<Criteria.TokenMatch> group : criteria.identifiers()) {
            sql.append(" AND EXISTS (SELECT 1 FROM index_token t WHERE t.res_type = r.res_type AND t.res_id = r.res_id"
                    + " AND t.param = '").append(IdentifierIndex.PARAM).append("' AND (");
            for (int i = 0; i < group.size(); i++) {
                Criteria.TokenMatch token = group.get(i);
                sql.append(i == 0 ? "(" : " OR (");
                List<String> terms = new ArrayList<>();
                if (token.code() != null) {
                    terms.add("t.code = ?");
                    args.add(token.code());
                }
                if (token.system() != null) {
                    if (token.system().isEmpty()) {
                        terms.add("t.system IS NULL");
                    } else {
                        terms.add("t.system = ?");
                        args.add(token.system());
                    }
                }
                sql.append(String.join(" AND ", terms)).append(')');
            }
            sql.append("))");
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < args.size(); i++) {
                Object arg = args.get(i);
                if (arg instanceof String[] array) {
                    statement.setArray(i + 1, connection.createArrayOf("text", array));
                } else {
                    statement.setObject(i + 1, arg);
                }
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /** @return one page of history, newest first */
    public HistoryPage history(Connection connection, HistoryQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder(
                "SELECT seq, res_type, res_id, version, last_updated, method, json FROM resource_version WHERE true");
        List<Object> args = new ArrayList<>();
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
            for (int i = 0; i < args.size(); i++) {
                statement.setObject(i + 1, args.get(i));
            }
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
                            rows.getTimestamp(5).toInstant(), rows.getString(6), Optional.ofNullable(rows.getString(7))));
                }
            }
            return new HistoryPage(entries, more ? OptionalLong.of(lastSeq) : OptionalLong.empty());
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
        execute(connection, INSERT_NEW, List.of(pending), false);
        return pending.stored();
    }

    /**
     * Creates each resource under the id it already carries (ids chosen by the caller, as a
     * transaction does before resolving references), in one batched round trip.
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
        execute(connection, INSERT_NEW, pending, false);
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
        execute(connection, current == null ? INSERT_NEW : WRITE_EXISTING, List.of(pending), current != null);
        return new WriteResult(pending.stored(), created);
    }

    /**
     * Deletes {@code type/id} (a new version marked deleted; history keeps the earlier ones).
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
        Pending deletion = new Pending(type, id, version, now(), true, Optional.empty(), "DELETE", null, NONE, NONE);
        execute(connection, WRITE_EXISTING, List.of(deletion), true);
        return new DeleteResult.Deleted(type, id, version);
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
        List<IdentifierIndex.Token> tokens = identifiers.tokens(resource);
        String[] systems = new String[tokens.size()];
        String[] codes = new String[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            systems[i] = tokens.get(i).system();
            codes[i] = tokens.get(i).code();
        }
        return new Pending(type, id, version, now, false, patient, method, codec.encodeStored(resource), systems, codes);
    }

    private static void execute(Connection connection, String sql, List<Pending> writes, boolean existing)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Pending write : writes) {
                int i = 1;
                if (existing) {
                    statement.setString(i++, write.type());
                    statement.setString(i++, write.id());
                }
                statement.setString(i++, write.type());
                statement.setString(i++, write.id());
                statement.setInt(i++, write.version());
                statement.setTimestamp(i++, Timestamp.from(write.at()));
                statement.setBoolean(i++, write.deleted());
                statement.setString(i++, write.patient().orElse(null));
                statement.setString(i++, write.method());
                statement.setString(i++, write.json());
                statement.setArray(i++, connection.createArrayOf("text", write.systems()));
                statement.setArray(i, connection.createArrayOf("text", write.codes()));
                if (writes.size() > 1) {
                    statement.addBatch();
                }
            }
            if (writes.size() > 1) {
                statement.executeBatch();
            } else {
                statement.executeUpdate();
            }
        } catch (SQLException e) {
            Pending first = writes.get(0);
            throw SqlFailures.translate("write " + first.type() + "/" + first.id()
                    + (writes.size() > 1 ? " and " + (writes.size() - 1) + " more" : ""), e);
        }
    }

    private static Current lockCurrent(Connection connection, String type, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(CURRENT_FOR_UPDATE)) {
            statement.setString(1, type);
            statement.setString(2, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? new Current(rows.getInt(1), rows.getBoolean(2)) : null;
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
    private record Current(int version, boolean deleted) {
    }

    /** One version ready to store. */
    private record Pending(String type, String id, int version, Instant at, boolean deleted, Optional<String> patient,
            String method, String json, String[] systems, String[] codes) {

        StoredResource stored() {
            return new StoredResource(type, id, version, at, patient, json);
        }
    }
}
