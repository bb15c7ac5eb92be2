package org.openspine.fhir.rest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.openspine.fhir.access.RecordGuard;
import org.openspine.platform.audit.AuditEntry;
import org.openspine.platform.audit.AuditLog;
import org.openspine.platform.audit.AuditOutcome;
import org.openspine.platform.audit.AuditPage;
import org.openspine.platform.audit.AuditQuery;
import org.openspine.platform.audit.AuditSubtype;
import org.openspine.platform.error.OpenSpineException;

/**
 * AuditEvent read and search, answered from the audit trail ({@link AuditLog}), not the resource
 * store: OpenSpine writes AuditEvents itself and nobody writes them through the API. Privacy
 * officers (and systems with {@code system/AuditEvent.read}) read every event; a patient reads the
 * events involving their own record and those they are a proxy for: who looked, when, why.
 *
 * <p>Search parameters: {@code patient} ({@code id} or {@code Patient/id}, comma for any of several),
 * {@code agent} (the user, citizen or client id), {@code date} (prefixes {@code ge gt le lt eq}, repeated
 * for a range), {@code subtype} (e.g. {@code read}, {@code break-glass}), {@code outcome} ({@code 0 4 8}),
 * {@code _count} (1..1000) and the page cursor of a {@code next} link. Newest first. Anything else is
 * refused (400): an ignored filter would answer a privacy question wrongly.
 */
final class AuditEventInteraction {

    static final String TYPE = "AuditEvent";
    private static final String CURSOR = "_cursor";
    /** Parameters that shape the response, handled by the HTTP adapter, not filters. */
    private static final Set<String> FORMAT_PARAMS = Set.of("_format", "_pretty", "_summary", "_elements");
    private static final Set<String> SEARCH_PARAMS = Set.of("patient", "agent", "date", "subtype", "outcome", "_count",
            CURSOR);

    private final AuditLog log;
    private final Clock clock;

    AuditEventInteraction(AuditLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** {@code GET AuditEvent?...} and {@code POST AuditEvent/_search}. */
    FhirResponse search(Connection connection, FhirRequest request) throws SQLException {
        AuditQuery query = query(request);
        RecordGuard guard = request.guard();
        switch (guard.auditReach(connection)) {
            case RecordGuard.AuditReach.Everyone everyone -> {
            }
            case RecordGuard.AuditReach.Only only -> {
                Set<String> asked = query.patients().isEmpty() ? only.patients() : query.patients();
                if (!only.patients().containsAll(asked)) {
                    throw new OpenSpineException.Forbidden("you may list the accesses to your own record and to the "
                            + "records you are a proxy for, not others'");
                }
                if (asked.isEmpty()) {
                    return page(request, new AuditPage(List.of(), Optional.empty()));
                }
                query = query.withPatients(asked);
            }
        }
        // The patients asked about go on the trail; an unfiltered browse names none (it would name everyone).
        query.patients().forEach(patient -> guard.touched("Patient", patient, Optional.of(patient)));
        return page(request, log.search(query));
    }

    /** {@code GET AuditEvent/[id]}: 404 for an event the caller may not see, as for one that does not exist. */
    FhirResponse read(Connection connection, FhirRequest request, String id) throws SQLException {
        RecordGuard guard = request.guard();
        RecordGuard.AuditReach reach = guard.auditReach(connection);
        Optional<AuditEntry> entry = uuid(id).flatMap(log::read).filter(found -> switch (reach) {
            case RecordGuard.AuditReach.Everyone everyone -> true;
            case RecordGuard.AuditReach.Only only -> found.record().patients().stream().anyMatch(only.patients()::contains);
        });
        if (entry.isEmpty()) {
            throw new OpenSpineException.NotFound(TYPE + "/" + id + " is not known");
        }
        List<String> patients = entry.get().record().patients();
        if (reach instanceof RecordGuard.AuditReach.Only only) {
            patients = patients.stream().filter(only.patients()::contains).toList();
        }
        patients.forEach(patient -> guard.touched("Patient", patient, Optional.of(patient)));
        return new FhirResponse(200, Map.of(), new FhirResponse.Json(entry.get().toFhirJson()));
    }

    private FhirResponse page(FhirRequest request, AuditPage page) {
        String url = request.baseUrl() + "/" + TYPE;
        BundleJson bundle = new BundleJson("searchset", clock.instant());
        bundle.links("self", Paging.link(url, request.params(), List.of()),
                "next", page.next().map(cursor -> Paging.link(url, request.params(), List.of(CURSOR), CURSOR, cursor))
                        .orElse(null));
        for (AuditEntry entry : page.entries()) {
            bundle.entry(url + "/" + entry.id(), entry.toFhirJson(), "match", null, null, null);
        }
        return new FhirResponse(200, Map.of(), new FhirResponse.Json(bundle.finish()));
    }

    private static AuditQuery query(FhirRequest request) {
        for (String name : request.params().keySet()) {
            if (!SEARCH_PARAMS.contains(name) && !FORMAT_PARAMS.contains(name)) {
                throw new OpenSpineException.Invalid("not-supported", "AuditEvent is searched by " + String.join(", ",
                        SEARCH_PARAMS.stream().filter(p -> !p.equals(CURSOR)).sorted().toList()) + "; not by '" + name + "'");
            }
        }
        AuditQuery query = AuditQuery.all().withCount(Math.max(1, Paging.count(request, AuditQuery.DEFAULT_COUNT)));
        Set<String> patients = new LinkedHashSet<>();
        for (String value : values(request, "patient")) {
            for (String one : value.split(",")) {
                String id = one.trim().startsWith("Patient/") ? one.trim().substring("Patient/".length()) : one.trim();
                patients.add(Targets.id(id));
            }
        }
        if (!patients.isEmpty()) {
            query = query.withPatients(patients);
        }
        for (String agent : values(request, "agent")) {
            query = query.withAgent(agent.trim());
        }
        for (String date : values(request, "date")) {
            query = withDate(query, date.trim());
        }
        for (String subtype : values(request, "subtype")) {
            try {
                query = query.withSubtype(AuditSubtype.of(subtype.trim()));
            } catch (IllegalArgumentException e) {
                throw new OpenSpineException.Invalid("value", "subtype must be one of the audit subtypes (read, search, "
                        + "create, update, delete, sign-in, access-denied, break-glass, ...), was '" + subtype + "'");
            }
        }
        for (String outcome : values(request, "outcome")) {
            try {
                query = query.withOutcome(AuditOutcome.of(Integer.parseInt(outcome.trim())));
            } catch (IllegalArgumentException e) {
                throw new OpenSpineException.Invalid("value", "outcome must be 0, 4 or 8, was '" + outcome + "'");
            }
        }
        String cursor = request.param(CURSOR);
        return cursor == null ? query : query.withAfter(cursor);
    }

    /** {@code date=[prefix]value}: a date means the whole day (UTC), a dateTime that instant. */
    private static AuditQuery withDate(AuditQuery query, String value) {
        String prefix = value.length() > 2 && Character.isLetter(value.charAt(0)) ? value.substring(0, 2) : "eq";
        String time = prefix.equals("eq") && !value.startsWith("eq") ? value : value.substring(2);
        Instant start;
        Instant end;
        try {
            if (time.length() == 10) {
                LocalDate day = LocalDate.parse(time);
                start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
                end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1000);
            } else {
                start = Paging.instant("date", time);
                end = start;
            }
        } catch (java.time.format.DateTimeParseException e) {
            throw new OpenSpineException.Invalid("value", "date must be a date or dateTime with an optional prefix "
                    + "(ge, gt, le, lt, eq), was '" + value + "'");
        }
        return switch (prefix) {
            case "eq" -> query.withFrom(start).withTo(end);
            case "ge" -> query.withFrom(start);
            case "gt" -> query.withFrom(end.plusNanos(1000));
            case "le" -> query.withTo(end);
            case "lt" -> query.withTo(start.minusNanos(1000));
            default -> throw new OpenSpineException.Invalid("value", "date prefixes on AuditEvent are ge, gt, le, lt and "
                    + "eq, was '" + prefix + "'");
        };
    }

    private static List<String> values(FhirRequest request, String name) {
        return request.params().getOrDefault(name, List.of());
    }

    private static Optional<UUID> uuid(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
