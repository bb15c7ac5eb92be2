package org.openspine.fhir.rest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.openspine.fhir.access.RecordAccess;
import org.openspine.fhir.access.RecordGuard;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.search.query.FhirSearch;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.validation.ProfileValidation;
import org.openspine.fhir.validation.WriteRules;
import org.openspine.platform.audit.AuditLog;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.security.Access;

/**
 * The generic FHIR R4 REST API as plain Java: a {@link FhirRequest} in, a {@link FhirResponse} out,
 * on the caller's connection. Routes each request to its interaction by method and path shape;
 * HTTP specifics live in {@link FhirRoutes}. Thread-safe.
 */
public final class FhirApi {

    private final Targets targets;
    private final ReadInteraction read;
    private final CreateInteraction create;
    private final UpdateInteraction update;
    private final DeleteInteraction delete;
    private final PatchInteraction patch;
    private final HistoryInteraction history;
    private final SearchInteraction search;
    private final BundleInteraction bundle;
    // Built on first use: it walks every resource definition, which would slow start-up by a second.
    private final java.util.function.Supplier<CapabilityInteraction> capability;
    private final ValidateInteraction validate;
    private final AuditEventInteraction auditEvents;
    private final RecordAccess access;

    /** @param auditLog answers AuditEvent reads and searches (see {@link AuditEventInteraction}) */
    public FhirApi(FhirCodec codec, FhirStore store, FhirSearch fhirSearch, ProfileValidation validation,
            RecordAccess access, AuditLog auditLog, Clock clock, String version) {
        this.access = access;
        this.auditEvents = new AuditEventInteraction(auditLog, clock);
        WriteRules rules = new WriteRules(codec.context());
        IncomingResource incoming = new IncomingResource(codec, rules);
        ConditionalMatch matcher = new ConditionalMatch(store, fhirSearch);
        this.targets = new Targets(codec.context());
        this.read = new ReadInteraction(store);
        this.create = new CreateInteraction(store, incoming, matcher);
        this.update = new UpdateInteraction(store, incoming, matcher);
        this.delete = new DeleteInteraction(store, matcher);
        this.patch = new PatchInteraction(store, codec, rules, matcher);
        this.history = new HistoryInteraction(store, clock);
        this.search = new SearchInteraction(fhirSearch, clock);
        this.bundle = new BundleInteraction(codec, store, rules, incoming, clock, matcher);
        Date started = Date.from(clock.instant());
        this.capability = memoize(() -> new CapabilityInteraction(codec, version, started, store.indexer()));
        this.validate = new ValidateInteraction(store, codec, incoming, validation);
    }

    /**
     * Handles one request, honouring {@code Prefer: return=...}.
     *
     * @throws OpenSpineException for every refusal; the caller's transaction must then roll back
     */
    public FhirResponse handle(Connection connection, FhirRequest request) throws SQLException {
        return PreferReturn.apply(request, dispatch(connection, request));
    }

    /** @return the access checks of one request made with {@code access}; entries of a bundle share it */
    public RecordGuard guard(Access access) {
        return this.access.guard(access);
    }

    /** @return whether the request needs no database at all (served before touching the pool) */
    public boolean isMetadata(FhirRequest request) {
        return request.method().equals("GET") && request.segments().equals(List.of("metadata"));
    }

    /** @return the CapabilityStatement response */
    public FhirResponse metadata() {
        return capability.get().metadata();
    }

    private FhirResponse dispatch(Connection connection, FhirRequest request) throws SQLException {
        List<String> s = request.segments();
        String method = request.method();
        if (!s.isEmpty() && s.get(0).equals(AuditEventInteraction.TYPE)) {
            // the audit trail, not the store; writes go on below, to be refused by the policy
            if (s.size() == 1 && method.equals("GET") || s.equals(List.of(AuditEventInteraction.TYPE, "_search"))
                    && method.equals("POST")) {
                return auditEvents.search(connection, request);
            }
            if (s.size() == 2 && method.equals("GET") && !s.get(1).startsWith("_") && !s.get(1).startsWith("$")) {
                return auditEvents.read(connection, request, Targets.id(s.get(1)));
            }
            if (method.equals("GET")) {
                throw new OpenSpineException.NotSupported("the audit trail has no history or operations; search "
                        + AuditEventInteraction.TYPE + " instead");
            }
        }
        switch (s.size()) {
            case 0 -> {
                if (method.equals("POST")) {
                    return bundle.process(connection, request, this::dispatch);
                }
                if (method.equals("GET")) {
                    return search.search(connection, request, systemTypes(request), Optional.empty(), "");
                }
                throw notSupported(method, request);
            }
            case 1 -> {
                if (s.get(0).equals("metadata") && method.equals("GET")) {
                    return capability.get().metadata();
                }
                if (s.get(0).equals("_history") && method.equals("GET")) {
                    return history.history(connection, request, Optional.empty(), Optional.empty());
                }
                if (s.get(0).equals("_search") && method.equals("POST")) {
                    return search.search(connection, request, systemTypes(request), Optional.empty(), "");
                }
                String type = targets.type(s.get(0));
                if (!method.equals("GET")) {
                    request.guard().requireWrite(type);
                }
                return switch (method) {
                    case "GET" -> search.search(connection, request, List.of(type), Optional.empty(), "/" + type);
                    case "POST" -> create.create(connection, request, type);
                    case "PUT" -> update.conditionalUpdate(connection, request, type);
                    case "DELETE" -> delete.conditionalDelete(connection, request, type);
                    case "PATCH" -> patch.conditionalPatch(connection, request, type);
                    default -> throw notSupported(method, request);
                };
            }
            case 2 -> {
                String type = targets.type(s.get(0));
                String second = s.get(1);
                if (second.equals("_history") && method.equals("GET")) {
                    return history.history(connection, request, Optional.of(type), Optional.empty());
                }
                if (second.equals("_search") && method.equals("POST")) {
                    return search.search(connection, request, List.of(type), Optional.empty(), "/" + type);
                }
                if (second.equals("$validate") && method.equals("POST")) {
                    request.guard().requireRead(type);
                    return validate.validate(connection, request, type, Optional.empty());
                }
                if (second.startsWith("$") || second.startsWith("_")) {
                    throw noSuchEndpoint(request);
                }
                String id = Targets.id(second);
                if (method.equals("GET")) {
                    request.guard().requireRead(type);
                } else {
                    request.guard().requireWrite(type);
                }
                return switch (method) {
                    case "GET" -> read.read(connection, request, type, id);
                    case "PUT" -> update.update(connection, request, type, id);
                    case "DELETE" -> delete.delete(connection, request, type, id);
                    case "PATCH" -> patch.patch(connection, request, type, id);
                    default -> throw notSupported(method, request);
                };
            }
            case 3 -> {
                String type = targets.type(s.get(0));
                String id = Targets.id(s.get(1));
                if (s.get(2).equals("_history") && method.equals("GET")) {
                    return history.history(connection, request, Optional.of(type), Optional.of(id));
                }
                if (s.get(2).equals("$validate") && (method.equals("POST") || method.equals("GET"))) {
                    request.guard().requireRead(type);
                    return validate.validate(connection, request, type, Optional.of(id));
                }
                if (s.get(2).equals("_history") || s.get(2).equals("$validate")) {
                    throw notSupported(method, request);
                }
                if (method.equals("GET") && targets.isType(s.get(2))) {
                    // compartment search: Patient/123/Observation
                    return search.search(connection, request, List.of(s.get(2)),
                            Optional.of(new FhirSearch.Compartment(type, id)), "/" + type + "/" + id + "/" + s.get(2));
                }
                throw noSuchEndpoint(request);
            }
            case 4 -> {
                if (s.get(2).equals("_history") && method.equals("GET")) {
                    String type = targets.type(s.get(0));
                    request.guard().requireRead(type);
                    return read.vread(connection, request, type, Targets.id(s.get(1)), Targets.version(s.get(3)));
                }
                if (s.get(2).equals("_history")) {
                    throw notSupported(method, request);
                }
                throw noSuchEndpoint(request);
            }
            default -> throw noSuchEndpoint(request);
        }
    }

    /** @return the types of a system-level search: those named by {@code _type}, else every type */
    private List<String> systemTypes(FhirRequest request) {
        List<String> named = request.params().get("_type");
        if (named == null) {
            return List.of();
        }
        List<String> types = new java.util.ArrayList<>();
        for (String value : named) {
            for (String type : value.split(",")) {
                types.add(targets.type(type.trim()));
            }
        }
        return types;
    }

    private static <T> java.util.function.Supplier<T> memoize(java.util.function.Supplier<T> supplier) {
        return new java.util.function.Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T current = value;
                if (current == null) {
                    synchronized (this) {
                        current = value;
                        if (current == null) {
                            current = supplier.get();
                            value = current;
                        }
                    }
                }
                return current;
            }
        };
    }

    private static OpenSpineException noSuchEndpoint(FhirRequest request) {
        return new OpenSpineException.NotFound("no FHIR endpoint at " + String.join("/", request.segments()));
    }

    private static OpenSpineException notSupported(String method, FhirRequest request) {
        return new OpenSpineException.NotSupported(method + " " + String.join("/", request.segments())
                + " is not a supported FHIR interaction");
    }
}
