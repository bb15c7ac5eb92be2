package org.openspine.fhir.rest;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.openspine.fhir.FhirServices;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.search.SearchParameters;
import org.openspine.fhir.validation.ProfileValidation;
import org.openspine.platform.audit.AuditServices;
import org.openspine.platform.audit.TestAudit;
import org.openspine.platform.database.Database;
import org.openspine.platform.database.TestDatabase;
import org.openspine.platform.http.HealthRoutes;
import org.openspine.platform.http.HttpConfig;
import org.openspine.platform.http.HttpServer;
import org.openspine.platform.http.TestHttp;
import org.openspine.platform.security.token.TestTokens;

/**
 * The FHIR API served over real HTTP on a free port, on the shared test PostgreSQL: one per test
 * JVM. Tests talk to it with {@link #http()} and may look into the database with {@link #database()}.
 */
final class FhirTestServer {

    private static FhirTestServer shared;

    private final Database database;
    private final HttpServer server;
    private final TestHttp http;
    private final FhirServices services;
    private final AuditServices audit;

    private FhirTestServer() {
        database = TestDatabase.shared();
        FhirCodec codec = new FhirCodec();
        Clock clock = Clock.systemUTC();
        services = FhirServices.open(database, codec, SearchParameters.r4(codec.context().getResourceTypes()),
                new ProfileValidation(codec.context(), Optional.empty()), clock, "test");
        FhirApi api = services.api();
        audit = TestAudit.start(database, clock);
        server = HttpServer.start(new HttpConfig("127.0.0.1", 0, 1024 * 1024), TestTokens.authentication(),
                audit.groupCommit()::record, List.of(new HealthRoutes(() -> true),
                        new FhirRoutes(api, codec, database, InteractionAudit.of(audit, clock))));
        // Tests act as the integrator (a system with every scope) unless they say otherwise.
        http = new TestHttp("http://localhost:" + server.port()).as(TestTokens.bearer(TestTokens.integrator()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            audit.close();
        }, "test-fhir-server-stop"));
    }

    /** @return the JVM's shared server, started on first use */
    static synchronized FhirTestServer shared() {
        if (shared == null) {
            shared = new FhirTestServer();
        }
        return shared;
    }

    TestHttp http() {
        return http;
    }

    Database database() {
        return database;
    }

    /** The audit trail the server writes. */
    AuditServices audit() {
        return audit;
    }

    /** The module's parts behind the API, for tests that drive them directly. */
    FhirServices services() {
        return services;
    }

    /** The body size limit this server is configured with (1 MiB, small so the 413 path is cheap to test). */
    static final int MAX_BODY = 1024 * 1024;
}
