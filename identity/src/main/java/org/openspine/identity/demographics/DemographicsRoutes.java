package org.openspine.identity.demographics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openspine.fhir.access.RecordGuard;
import org.openspine.fhir.rest.FhirApi;
import org.openspine.fhir.rest.FhirRequest;
import org.openspine.fhir.rest.InteractionAudit;
import org.openspine.platform.audit.SecurityEvents;
import org.openspine.platform.database.Database;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.http.AuditedRequest;
import org.openspine.platform.http.HttpRoutes;
import org.openspine.platform.http.RefusalAudit;
import org.openspine.platform.http.RequestAccess;
import org.openspine.platform.security.Access;
import org.openspine.platform.security.Caller;

/**
 * The demographics service at {@value #BASE}, compatible with the public PDS FHIR R4 API so that
 * suppliers' PDS clients work against it: retrieve ({@code GET /Patient/{nhsNumber}}), search
 * ({@code GET /Patient?...}), update ({@code PATCH /Patient/{nhsNumber}} with {@code {"patches": [...]}}
 * and {@code If-Match}) and create with a new NHS Number ({@code POST /Patient}).
 *
 * <p>As on PDS: every request carries {@code X-Request-ID} (a UUID; 400 otherwise), which is echoed with
 * {@code X-Correlation-ID}; errors are OperationOutcomes with Spine codes ({@link SpineError}). Unlike
 * the clinical record, demographics are a tracing service: staff whose role may view demographics find
 * and read any person (that is how a relationship starts), always audited; citizens read only their own
 * record. Changes need the same rights, relationship included, as a change of the Patient through
 * {@code /fhir/R4}.
 */
public final class DemographicsRoutes implements HttpRoutes {

    /** Where the API is mounted. */
    public static final String BASE = "/personal-demographics/FHIR/R4";
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern IF_MATCH = Pattern.compile("(?:W/)?\"?(\\d{1,9})\"?");
    private static final String FHIR_JSON = "application/fhir+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Demographics demographics;
    private final FhirApi api;
    private final Database database;
    private final InteractionAudit audit;
    private final RefusalAudit refusals;
    private final Clock clock;

    public DemographicsRoutes(Demographics demographics, FhirApi api, Database database, InteractionAudit audit,
            SecurityEvents events, Clock clock) {
        this.demographics = demographics;
        this.api = api;
        this.database = database;
        this.audit = audit;
        this.refusals = new RefusalAudit(events, clock);
        this.clock = clock;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(BASE + "/Patient/{id}", ctx -> serve(ctx, this::retrieve));
        routes.get(BASE + "/Patient", ctx -> serve(ctx, this::search));
        routes.patch(BASE + "/Patient/{id}", ctx -> serve(ctx, this::patch));
        routes.post(BASE + "/Patient", ctx -> serve(ctx, this::create));
    }

    // ---- interactions ---------------------------------------------------------------------------

    private void retrieve(Context ctx, RecordGuard guard, AuditedRequest http) {
        String nhsNumber = ctx.pathParam("id");
        FhirRequest audited = audited("GET", List.of("Patient", nhsNumber), Map.of(), guard);
        guard.requireRead("Patient");
        if (guard.access().caller() instanceof Caller.Citizen citizen && !citizen.nhsNumber().equals(nhsNumber)) {
            throw new OpenSpineException.Forbidden("a citizen may retrieve their own record only");
        }
        ObjectNode shown = run(http, audited, () -> database.read(connection -> {
            Demographics.Person person = demographics.retrieve(connection, nhsNumber);
            guard.touched(person.patient());
            return demographics.show(connection, person, true);
        }));
        audit.read(http, audited);
        ctx.header("ETag", "W/\"" + shown.path("meta").path("versionId").asText() + "\"");
        send(ctx, 200, shown);
    }

    private void search(Context ctx, RecordGuard guard, AuditedRequest http) {
        FhirRequest audited = audited("GET", List.of("Patient"), ctx.queryParamMap(), guard);
        guard.requireRead("Patient");
        if (guard.access().caller() instanceof Caller.Citizen) {
            throw new OpenSpineException.Forbidden("citizens may retrieve their own record, not search for others");
        }
        DemographicsQuery query = DemographicsQuery.parse(ctx.queryParamMap());
        String base = ctx.scheme() + "://" + ctx.host() + BASE;
        JsonNode answer = run(http, audited, () -> database.read(connection -> {
            Map<String, Double> scores = new java.util.HashMap<>();
            List<Demographics.Person> people = demographics.search(connection, query, query.maxResults() + 1, scores);
            if (people.size() > query.maxResults()) {
                return outcome(SpineError.TOO_MANY_MATCHES, null);
            }
            ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "searchset")
                    .put("timestamp", clock.instant().toString()).put("total", people.size());
            if (!people.isEmpty()) {
                ArrayNode entries = bundle.putArray("entry");
                for (Demographics.Person person : people) {
                    guard.touched(person.patient());
                    ObjectNode entry = entries.addObject().put("fullUrl", base + "/Patient/" + person.nhsNumber());
                    entry.putObject("search").put("score", scores.getOrDefault(person.patient().id(), 1.0));
                    entry.set("resource", demographics.show(connection, person, true));
                }
            }
            return bundle;
        }));
        audit.read(http, audited);
        send(ctx, 200, answer);
    }

    private void patch(Context ctx, RecordGuard guard, AuditedRequest http) {
        String nhsNumber = ctx.pathParam("id");
        FhirRequest audited = audited("PATCH", List.of("Patient", nhsNumber), Map.of(), guard);
        String contentType = ctx.header("Content-Type");
        if (contentType == null || !(contentType.startsWith("application/json-patch+json")
                || contentType.startsWith("application/json"))) {
            throw new SpineRefusal(SpineError.UNSUPPORTED_SERVICE, "Unsupported service - send the patches as "
                    + "application/json-patch+json");
        }
        String ifMatch = ctx.header("If-Match");
        Matcher version = ifMatch == null ? null : IF_MATCH.matcher(ifMatch.strip());
        if (version == null || !version.matches()) {
            throw new SpineRefusal(SpineError.PRECONDITION_FAILED, "Invalid request with error - If-Match header must be "
                    + "supplied to update this resource");
        }
        JsonNode body = body(ctx);
        ObjectNode shown = run(http, audited, () -> database.inTransaction(connection -> {
            Demographics.Person person = demographics.patch(connection, guard, nhsNumber,
                    Integer.parseInt(version.group(1)), body);
            ObjectNode view = demographics.show(connection, person, true);
            audit.written(connection, http, audited);
            return view;
        }));
        ctx.header("ETag", "W/\"" + shown.path("meta").path("versionId").asText() + "\"");
        send(ctx, 200, shown);
    }

    private void create(Context ctx, RecordGuard guard, AuditedRequest http) {
        FhirRequest audited = audited("POST", List.of("Patient"), Map.of(), guard);
        JsonNode body = body(ctx);
        JsonNode answer = run(http, audited, () -> database.inTransaction(connection -> {
            JsonNode result = switch (demographics.create(connection, guard, body)) {
                case Demographics.Created.Allocated allocated -> demographics.show(connection, allocated.person(), true);
                case Demographics.Created.Matched matched -> outcome(matched.match(), null);
            };
            audit.written(connection, http, audited);
            return result;
        }));
        if (answer.path("resourceType").asText().equals("Patient")) {
            ctx.header("ETag", "W/\"" + answer.path("meta").path("versionId").asText() + "\"");
            send(ctx, 201, answer);
        } else {
            send(ctx, 200, answer);
        }
    }

    // ---- the protocol ---------------------------------------------------------------------------

    /** One interaction's work, after the PDS headers are checked. */
    @FunctionalInterface
    private interface Interaction {
        void serve(Context ctx, RecordGuard guard, AuditedRequest http);
    }

    /** Checks and echoes the PDS headers, runs {@code interaction}, and answers its failures as PDS does. */
    private void serve(Context ctx, Interaction interaction) {
        String requestId = ctx.header("X-Request-ID");
        String correlationId = ctx.header("X-Correlation-ID");
        if (requestId != null) {
            ctx.header("X-Request-ID", requestId);
        }
        if (correlationId != null) {
            ctx.header("X-Correlation-ID", correlationId);
        }
        Access access = RequestAccess.of(ctx);
        AuditedRequest http = AuditedRequest.of(ctx);
        try {
            if (requestId == null) {
                throw new SpineRefusal(SpineError.MISSING_VALUE, "Invalid request with error - X-Request-ID header must "
                        + "be supplied to access this resource");
            }
            if (!UUID.matcher(requestId).matches()) {
                throw new SpineRefusal(SpineError.INVALID_VALUE, "Invalid value - '" + requestId + "' in header "
                        + "'X-Request-ID'");
            }
            interaction.serve(ctx, api.guard(access), http);
        } catch (SpineRefusal refusal) {
            send(ctx, refusal.error().status(), outcome(refusal.error(), refusal.getMessage()));
        } catch (OpenSpineException.Forbidden refused) {
            refusals.refused(refused, ctx);
            send(ctx, SpineError.ACCESS_DENIED.status(), outcome(SpineError.ACCESS_DENIED, refused.getMessage()));
        } catch (OpenSpineException.Unavailable unavailable) {
            ctx.header("Retry-After", "1");
            send(ctx, SpineError.SERVICE_UNAVAILABLE.status(), outcome(SpineError.SERVICE_UNAVAILABLE,
                    unavailable.getMessage()));
        } catch (OpenSpineException.Invalid | OpenSpineException.Unprocessable | OpenSpineException.TooLarge invalid) {
            send(ctx, 400, outcome(SpineError.INVALID_VALUE, invalid.getMessage()));
        }
    }

    /** Runs {@code work}, recording a failure (other than a refusal, recorded as a security event) on the trail. */
    private <T> T run(AuditedRequest http, FhirRequest audited, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (!(e instanceof OpenSpineException.Forbidden)) {
                audit.failed(http, audited, e);
            }
            throw e;
        }
    }

    private static FhirRequest audited(String method, List<String> segments, Map<String, List<String>> params,
            RecordGuard guard) {
        return new FhirRequest(method, Demographics.STORE_BASE, segments, params, Map.of(), new FhirRequest.None(), guard);
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode body = JSON.readTree(ctx.body());
            if (body == null || !body.isObject()) {
                throw new SpineRefusal(SpineError.INVALID_VALUE, "Invalid value - the body must be a JSON object");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new SpineRefusal(SpineError.INVALID_VALUE, "Invalid value - the body is not JSON");
        }
    }

    /** @return a PDS-style OperationOutcome: the Spine code in {@code details}, diagnostics when there are any */
    static ObjectNode outcome(SpineError error, String diagnostics) {
        ObjectNode outcome = JSON.createObjectNode().put("resourceType", "OperationOutcome");
        ObjectNode issue = outcome.putArray("issue").addObject()
                .put("severity", error.informational() ? "information" : "error").put("code", error.issueCode());
        issue.putObject("details").putArray("coding").addObject().put("system", SpineError.SYSTEM).put("version", "1")
                .put("code", error.name()).put("display", error.display());
        if (diagnostics != null) {
            issue.put("diagnostics", diagnostics);
        }
        return outcome;
    }

    private static void send(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType(FHIR_JSON).result(body.toString());
    }
}
