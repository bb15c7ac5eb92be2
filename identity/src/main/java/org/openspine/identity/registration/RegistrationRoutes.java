package org.openspine.identity.registration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openspine.fhir.access.RecordGuard;
import org.openspine.fhir.rest.FhirApi;
import org.openspine.fhir.rest.FhirRequest;
import org.openspine.fhir.rest.InteractionAudit;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.store.ReadResult;
import org.openspine.identity.registration.GpRegistrations.PatientKey;
import org.openspine.identity.registration.GpRegistrations.RegisterResult;
import org.openspine.platform.database.Database;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.http.AuditedRequest;
import org.openspine.platform.http.HttpRoutes;
import org.openspine.platform.http.RequestAccess;

/**
 * GP registration as FHIR operations on Patient, each one database transaction ({@link GpRegistrations}):
 * <ul>
 * <li>{@code POST /fhir/R4/Patient/{id}/$register-gp} with Parameters {@code practice} (valueIdentifier, ODS
 * code) and optional {@code start} (valueDate, default today): 201 with Parameters {@code registration} (the
 * new EpisodeOfCare) and {@code ended} (the one it replaced, if any); 200 with {@code registration} when the
 * patient is registered there already;</li>
 * <li>{@code POST /fhir/R4/Patient/{id}/$deregister-gp} with {@code reason} (valueCoding from PDS's removal
 * reasons, or valueCode) and optional {@code end} (valueDate, default today): 200 with {@code registration}
 * (the ended EpisodeOfCare);</li>
 * <li>both also at type level ({@code POST /fhir/R4/Patient/$register-gp}) with a {@code patient} parameter
 * (valueIdentifier, NHS Number), for a practice registering someone whose record it cannot see yet.</li>
 * </ul>
 * Each call is recorded on the audit trail as an operation. Registered before the generic FHIR routes, whose
 * wider paths would otherwise take these.
 */
public final class RegistrationRoutes implements HttpRoutes {

    /** The register operation's name. */
    public static final String REGISTER = "$register-gp";
    /** The deregister operation's name. */
    public static final String DEREGISTER = "$deregister-gp";
    private static final String PATIENT = "/fhir/R4/Patient";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GpRegistrations registrations;
    private final FhirApi api;
    private final FhirStore store;
    private final Database database;
    private final InteractionAudit audit;

    public RegistrationRoutes(GpRegistrations registrations, FhirApi api, FhirStore store, Database database,
            InteractionAudit audit) {
        this.registrations = registrations;
        this.api = api;
        this.store = store;
        this.database = database;
        this.audit = audit;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(PATIENT + "/{id}/" + REGISTER, ctx -> registerGp(ctx, Optional.of(ctx.pathParam("id"))));
        routes.post(PATIENT + "/" + REGISTER, ctx -> registerGp(ctx, Optional.empty()));
        routes.post(PATIENT + "/{id}/" + DEREGISTER, ctx -> deregisterGp(ctx, Optional.of(ctx.pathParam("id"))));
        routes.post(PATIENT + "/" + DEREGISTER, ctx -> deregisterGp(ctx, Optional.empty()));
    }

    private void registerGp(Context ctx, Optional<String> patientId) {
        Map<String, String> allowed = allowed(patientId, Map.of("practice", "valueIdentifier,valueReference",
                "start", "valueDate"));
        RegistrationParameters parameters = RegistrationParameters.parse(body(ctx), allowed);
        PatientKey key = key(patientId, parameters);
        String practice = parameters.identifier("practice", Practice.ODS).orElseThrow(() -> missing("practice"));
        send(ctx, operate(ctx, patientId, REGISTER, (connection, guard) -> {
            RegisterResult result = registrations.register(connection, guard, key, practice, parameters.date("start"));
            List<ObjectNode> resources = new ArrayList<>(List.of(episode(connection, "registration",
                    result.registration())));
            return switch (result) {
                case RegisterResult.Started started -> {
                    if (started.ended().isPresent()) {
                        resources.add(episode(connection, "ended", started.ended().get()));
                    }
                    yield new Answer(201, parameters(resources),
                            Optional.of("EpisodeOfCare/" + started.registration().episodeId()));
                }
                case RegisterResult.AlreadyRegistered already -> new Answer(200, parameters(resources), Optional.empty());
            };
        }));
    }

    private void deregisterGp(Context ctx, Optional<String> patientId) {
        Map<String, String> allowed = allowed(patientId, Map.of("reason", "valueCoding,valueCode", "end", "valueDate"));
        RegistrationParameters parameters = RegistrationParameters.parse(body(ctx), allowed);
        PatientKey key = key(patientId, parameters);
        EndReason reason = parameters.reason("reason").orElseThrow(() -> missing("reason"));
        send(ctx, operate(ctx, patientId, DEREGISTER, (connection, guard) -> {
            Registration ended = registrations.deregister(connection, guard, key, reason, parameters.date("end"));
            return new Answer(200, parameters(List.of(episode(connection, "registration", ended))), Optional.empty());
        }));
    }

    /** One operation's work in its transaction. */
    @FunctionalInterface
    private interface Operation {
        Answer run(Connection connection, RecordGuard guard) throws SQLException;
    }

    /** An operation's answer: status, Parameters, and where a new registration is (relative to the base). */
    private record Answer(int status, ObjectNode body, Optional<String> location) {
    }

    /** Runs {@code operation} in one transaction with its audit record; a failure is recorded as one. */
    private Answer operate(Context ctx, Optional<String> patientId, String name, Operation operation) {
        RecordGuard guard = api.guard(RequestAccess.of(ctx));
        AuditedRequest http = AuditedRequest.of(ctx);
        List<String> segments = new ArrayList<>(List.of("Patient"));
        patientId.ifPresent(segments::add);
        segments.add(name);
        FhirRequest audited = new FhirRequest("POST", base(ctx), segments, Map.of(), Map.of(), new FhirRequest.None(),
                guard);
        try {
            return database.inTransaction(connection -> {
                Answer answer = operation.run(connection, guard);
                audit.written(connection, http, audited);
                return answer;
            });
        } catch (RuntimeException e) {
            audit.failed(http, audited, e);
            throw e;
        }
    }

    private static Map<String, String> allowed(Optional<String> patientId, Map<String, String> operation) {
        Map<String, String> allowed = new LinkedHashMap<>(operation);
        if (patientId.isEmpty()) {
            allowed.put("patient", "valueIdentifier");
        }
        return allowed;
    }

    private static PatientKey key(Optional<String> patientId, RegistrationParameters parameters) {
        if (patientId.isPresent()) {
            return new PatientKey.ById(patientId.get());
        }
        return new PatientKey.ByNhsNumber(parameters.nhsNumber("patient").orElseThrow(() -> missing("patient")));
    }

    private ObjectNode episode(Connection connection, String name, Registration registration) throws SQLException {
        if (!(store.read(connection, "EpisodeOfCare", registration.episodeId()) instanceof ReadResult.Found found)) {
            throw new IllegalStateException("EpisodeOfCare/" + registration.episodeId() + " cannot be read back");
        }
        ObjectNode parameter = JSON.createObjectNode().put("name", name);
        try {
            parameter.set("resource", JSON.readTree(found.resource().json()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored EpisodeOfCare is not JSON", e);
        }
        return parameter;
    }

    private static ObjectNode parameters(List<ObjectNode> parameters) {
        ObjectNode resource = JSON.createObjectNode().put("resourceType", "Parameters");
        ArrayNode list = resource.putArray("parameter");
        parameters.forEach(list::add);
        return resource;
    }

    private static byte[] body(Context ctx) {
        String contentType = ctx.header("Content-Type");
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/fhir+json") && !type.startsWith("application/json")) {
            throw new OpenSpineException.UnsupportedMediaType("send the operation's Parameters as application/fhir+json, "
                    + "not " + (contentType == null ? "a body without a Content-Type" : contentType));
        }
        return ctx.bodyAsBytes();
    }

    private static OpenSpineException.Invalid missing(String name) {
        return new OpenSpineException.Invalid("required", "parameter '" + name + "' is required");
    }

    private static String base(Context ctx) {
        return ctx.scheme() + "://" + ctx.host() + "/fhir/R4";
    }

    private static void send(Context ctx, Answer answer) {
        answer.location().ifPresent(location -> ctx.header("Location", base(ctx) + "/" + location));
        ctx.status(answer.status()).contentType("application/fhir+json").result(answer.body().toString());
    }
}
