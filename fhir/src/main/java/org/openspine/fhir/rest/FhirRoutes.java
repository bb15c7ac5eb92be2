package org.openspine.fhir.rest;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.openspine.fhir.access.RecordAccess;
import org.openspine.fhir.access.RecordGuard;
import org.openspine.fhir.model.EncodeOptions;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.model.MediaType;
import org.openspine.platform.database.Database;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.http.AuditedRequest;
import org.openspine.platform.http.HttpRoutes;
import org.openspine.platform.http.OutcomeMapper;
import org.openspine.platform.http.RequestAccess;

/**
 * The HTTP adapter for the FHIR API at {@code /fhir/R4}: turns a Javalin request into a
 * {@link FhirRequest}, runs it (reads on an autocommit connection, everything else in one
 * transaction), and writes the {@link FhirResponse} in the format asked for. Stored JSON goes out
 * byte for byte unless the caller asked for XML, pretty printing or a subset. Every interaction but
 * the CapabilityStatement is put on the audit trail ({@link InteractionAudit}).
 */
public final class FhirRoutes implements HttpRoutes {

    /** Where the API is mounted. */
    public static final String BASE_PATH = "/fhir/R4";

    private final FhirApi api;
    private final FhirCodec codec;
    private final Database database;
    private final InteractionAudit audit;

    /** @param audit records every interaction ({@link InteractionAudit#of}) */
    public FhirRoutes(FhirApi api, FhirCodec codec, Database database, InteractionAudit audit) {
        this.api = api;
        this.codec = codec;
        this.database = database;
        this.audit = audit;
    }

    @Override
    public void register(RoutesConfig routes) {
        Handler handler = this::handle;
        for (String path : List.of(BASE_PATH, BASE_PATH + "/<rest>")) {
            routes.get(path, handler);
            routes.post(path, handler);
            routes.put(path, handler);
            routes.delete(path, handler);
            routes.patch(path, handler);
        }
    }

    /** The paths anyone may call without a token: the CapabilityStatement. */
    @Override
    public Set<String> publicPaths() {
        return Set.of(BASE_PATH + "/metadata");
    }

    private void handle(Context ctx) throws Exception {
        // Only the public metadata path arrives unauthenticated; anonymous access is granted nothing.
        FhirRequest request = toRequest(ctx, api.guard(RequestAccess.find(ctx).orElse(RecordAccess.ANONYMOUS)));
        EncodeOptions options = encodeOptions(request);
        if (api.isMetadata(request)) {
            write(ctx, api.metadata(), options);
            return;
        }
        AuditedRequest audited = AuditedRequest.of(ctx);
        FhirResponse response;
        try {
            if (request.isRead()) {
                response = database.read(connection -> api.handle(connection, request));
            } else {
                response = database.inTransaction(connection -> {
                    FhirResponse written = api.handle(connection, request);
                    audit.written(connection, audited, request);
                    return written;
                });
            }
        } catch (RuntimeException e) {
            audit.failed(audited, request, e);
            throw e;
        }
        if (request.isRead()) {
            audit.read(audited, request);
        }
        write(ctx, response, options);
    }

    private static FhirRequest toRequest(Context ctx, RecordGuard guard) {
        String rest = ctx.path().length() > BASE_PATH.length() ? ctx.path().substring(BASE_PATH.length() + 1) : "";
        List<String> segments = rest.isEmpty() ? List.of() : Arrays.asList(rest.split("/", -1));
        if (segments.contains("")) {
            throw new OpenSpineException.Invalid("invalid", "the path has an empty segment: " + ctx.path());
        }
        Map<String, List<String>> params = new LinkedHashMap<>(ctx.queryParamMap());
        String contentType = ctx.header("Content-Type");
        if (ctx.method().name().equals("POST") && rest.endsWith("_search") && contentType != null
                && contentType.startsWith("application/x-www-form-urlencoded")) {
            ctx.formParamMap().forEach((k, v) -> params.merge(k, v, (a, b) -> {
                List<String> both = new ArrayList<>(a);
                both.addAll(b);
                return both;
            }));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : HEADERS) {
            String value = ctx.header(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        byte[] body = ctx.method().name().equals("GET") ? new byte[0] : ctx.bodyAsBytes();
        FhirRequest.Body requestBody = body.length == 0 || rest.endsWith("_search")
                ? new FhirRequest.None() : new FhirRequest.Bytes(body, contentType);
        String baseUrl = ctx.scheme() + "://" + ctx.host() + BASE_PATH;
        return new FhirRequest(ctx.method().name(), baseUrl, segments, params, headers, requestBody, guard);
    }

    private static final Set<String> TRUE_VALUES = Set.of("true", "");
    /** The request headers the FHIR interactions read; copying only these keeps the read path lean. */
    private static final List<String> HEADERS = List.of("accept", "content-type", "if-match", "if-none-match",
            "if-none-exist", "if-modified-since", "prefer");

    private static EncodeOptions encodeOptions(FhirRequest request) {
        MediaType format = MediaType.JSON;
        String formatParam = request.param("_format");
        if (formatParam != null) {
            format = MediaType.of(formatParam).filter(f -> f != MediaType.JSON_PATCH).orElseThrow(() ->
                    new OpenSpineException.NotAcceptable("_format '" + formatParam + "' is not supported; use json or xml"));
        } else {
            String accept = request.header("Accept");
            if (accept != null && accept.contains("xml") && !accept.contains("json")) {
                format = MediaType.XML;
            }
        }
        boolean pretty = request.param("_pretty") != null && TRUE_VALUES.contains(request.param("_pretty"));
        EncodeOptions.Summary summary = EncodeOptions.Summary.FALSE;
        String summaryParam = request.param("_summary");
        if (summaryParam != null) {
            try {
                summary = EncodeOptions.Summary.valueOf(summaryParam.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new OpenSpineException.Invalid("invalid",
                        "_summary must be true, text, data, count or false, was '" + summaryParam + "'");
            }
        }
        String elements = request.param("_elements");
        Set<String> elementSet = elements == null || elements.isBlank() ? Set.of()
                : Set.of(Arrays.stream(elements.split(",")).map(String::trim).filter(e -> !e.isEmpty()).distinct()
                        .toArray(String[]::new));
        return new EncodeOptions(format, pretty, summary, elementSet);
    }

    private void write(Context ctx, FhirResponse response, EncodeOptions options) {
        ctx.status(response.status());
        response.headers().forEach(ctx::header);
        String contentType = options.format().mime() + ";charset=utf-8";
        switch (response.payload()) {
            case FhirResponse.Empty empty -> {
            }
            case FhirResponse.Json json -> {
                ctx.contentType(contentType);
                ctx.result(options.isStoredForm() ? json.json() : codec.encode(codec.parseStored(json.json()), options));
            }
            case FhirResponse.Parsed parsed -> ctx.contentType(contentType).result(codec.encode(parsed.resource(), options));
            case FhirResponse.Outcome outcome -> ctx.contentType(contentType).result(options.format() == MediaType.XML
                    ? OutcomeMapper.xml(outcome.issues()) : OutcomeMapper.json(outcome.issues()));
        }
    }
}
