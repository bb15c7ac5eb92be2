package org.openspine.identity.directory;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openspine.fhir.access.RecordGuard;
import org.openspine.fhir.rest.FhirApi;
import org.openspine.fhir.rest.FhirRequest;
import org.openspine.fhir.rest.InteractionAudit;
import org.openspine.platform.database.Database;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.http.AuditedRequest;
import org.openspine.platform.http.HttpRoutes;
import org.openspine.platform.http.RequestAccess;
import org.openspine.platform.security.Access;
import org.openspine.platform.security.AccessPolicy;
import org.openspine.platform.security.Activity;

/**
 * The directory's admin endpoint: {@code POST /directory/ods/{kind}} with an ODS CSV file as the body
 * ({@code Content-Type: text/csv}) loads it in one transaction ({@link OdsLoader}) and answers 200 with a
 * Parameters resource counting what was created, updated and left unchanged. A bad file is 400 with one
 * OperationOutcome issue per bad line, and nothing is written. Needs {@link Activity#CONFIGURE}; the load
 * is recorded on the audit trail as an operation. Reading the directory is the FHIR API's
 * ({@code GET /fhir/R4/Organization?...}).
 */
public final class DirectoryRoutes implements HttpRoutes {

    /** Where ODS files are posted: {@value}{@code /{kind}}, kind as {@link OdsFileKind#fileName()}. */
    public static final String PATH = "/directory/ods";

    private final OdsLoader loader;
    private final FhirApi api;
    private final Database database;
    private final InteractionAudit audit;
    private final AccessPolicy policy;

    public DirectoryRoutes(OdsLoader loader, FhirApi api, Database database, InteractionAudit audit,
            AccessPolicy policy) {
        this.loader = loader;
        this.api = api;
        this.database = database;
        this.audit = audit;
        this.policy = policy;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(PATH + "/{kind}", this::load);
    }

    private void load(Context ctx) {
        Access access = RequestAccess.of(ctx);
        policy.require(access, Activity.CONFIGURE);
        String name = ctx.pathParam("kind");
        OdsFileKind kind = OdsFileKind.named(name).orElseThrow(() -> new OpenSpineException.NotFound(
                "no ODS file kind '" + name + "'; the kinds are " + OdsFileKind.names()));
        String contentType = ctx.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("text/csv")) {
            throw new OpenSpineException.UnsupportedMediaType("post the ODS file as text/csv, not "
                    + (contentType == null ? "a body without a Content-Type" : contentType));
        }
        byte[] csv = ctx.bodyAsBytes();
        RecordGuard guard = api.guard(access);
        AuditedRequest http = AuditedRequest.of(ctx);
        FhirRequest audited = new FhirRequest("POST", DirectoryStore.BASE, List.of("Organization", "$ods-load"),
                Map.of(), Map.of(), new FhirRequest.None(), guard);
        OdsLoadReport report;
        try {
            report = database.inTransaction(connection -> {
                OdsLoadReport done = loader.load(connection, guard, kind, new ByteArrayInputStream(csv));
                audit.written(connection, http, audited);
                return done;
            });
        } catch (RuntimeException e) {
            audit.failed(http, audited, e);
            throw e;
        }
        ctx.status(200).contentType("application/fhir+json").result(parameters(report).toString());
    }

    /** @return the report as a FHIR Parameters resource */
    private static ObjectNode parameters(OdsLoadReport report) {
        ObjectNode parameters = JsonNodeFactory.instance.objectNode().put("resourceType", "Parameters");
        ArrayNode list = parameters.putArray("parameter");
        list.addObject().put("name", "kind").put("valueCode", report.kind().fileName());
        list.addObject().put("name", "rows").put("valueInteger", report.rows());
        new TreeMap<>(report.resources()).forEach((type, tally) -> {
            ArrayNode parts = list.addObject().put("name", type).putArray("part");
            parts.addObject().put("name", "created").put("valueInteger", tally.created());
            parts.addObject().put("name", "updated").put("valueInteger", tally.updated());
            parts.addObject().put("name", "unchanged").put("valueInteger", tally.unchanged());
        });
        list.addObject().put("name", "childrenLinked").put("valueInteger", report.childrenLinked());
        return parameters;
    }
}
