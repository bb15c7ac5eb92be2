package org.openspine.server;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openspine.exchange.assurance.WorkflowAssurance;
import org.openspine.exchange.filing.FilingSettings;
import org.openspine.exchange.filing.FilingWorker;
import org.openspine.exchange.filing.LetterFiling;
import org.openspine.exchange.filing.Workqueue;
import org.openspine.exchange.filing.WorkqueueDecisions;
import org.openspine.exchange.filing.WorkqueueRoutes;
import org.openspine.exchange.lifecycle.ExchangeJobs;
import org.openspine.exchange.lifecycle.MessageLifecycle;
import org.openspine.exchange.mailbox.MailboxRoutes;
import org.openspine.exchange.mailbox.Mailboxes;
import org.openspine.exchange.mailbox.PasswordSeal;
import org.openspine.exchange.mailbox.Workflows;
import org.openspine.exchange.mesh.MeshAuthentication;
import org.openspine.exchange.mesh.MeshMailboxes;
import org.openspine.exchange.mesh.MeshRoutes;
import org.openspine.exchange.message.Expiry;
import org.openspine.exchange.message.Inbox;
import org.openspine.exchange.message.Outbox;
import org.openspine.exchange.monitor.DeliveryMonitor;
import org.openspine.exchange.monitor.MonitorRoutes;
import org.openspine.fhir.FhirServices;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.rest.FhirApi;
import org.openspine.fhir.rest.FhirRoutes;
import org.openspine.fhir.rest.InteractionAudit;
import org.openspine.fhir.search.DerivedParam;
import org.openspine.fhir.search.SearchParameters;
import org.openspine.fhir.search.query.FhirSearch;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.validation.ProfileValidation;
import org.openspine.identity.demographics.Demographics;
import org.openspine.identity.demographics.DemographicsRoutes;
import org.openspine.identity.directory.DirectoryRoutes;
import org.openspine.identity.directory.OdsLoader;
import org.openspine.identity.matching.MatchKeyParam;
import org.openspine.identity.number.NhsNumberAllocator;
import org.openspine.identity.registration.GpRegistrations;
import org.openspine.identity.registration.RegistrationRoutes;
import org.openspine.platform.audit.AuditServices;
import org.openspine.platform.audit.SecurityEvents;
import org.openspine.platform.database.Database;
import org.openspine.platform.http.HealthRoutes;
import org.openspine.platform.http.HttpRoutes;
import org.openspine.platform.http.HttpServer;
import org.openspine.platform.security.AccessPolicy;
import org.openspine.platform.security.Authentication;
import org.openspine.platform.security.token.BuiltInIssuer;
import org.openspine.platform.security.token.TokenVerifier;
import org.openspine.platform.security.token.TrustedIssuer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part of OpenSpine in dependency order from one
 * {@link ServerConfig}, and closes them in reverse. The only class that knows every module.
 */
public final class OpenSpine implements AutoCloseable {

    /** The software version reported in the CapabilityStatement. */
    public static final String VERSION = "0.1.0";
    /** The search parameters other modules compute: the identity module's patient-matching keys. */
    static final List<DerivedParam> DERIVED_PARAMS = List.of(new MatchKeyParam());

    private static final Logger LOG = LoggerFactory.getLogger(OpenSpine.class);

    private final Database database;
    private final AuditServices audit;
    private final HttpServer http;
    private final FhirApi fhir;
    private final FhirStore store;
    private final FhirSearch search;
    private final Authentication authentication;
    private final Set<String> issuerPublicPaths;
    private final AtomicBoolean ready;
    private final ExchangeJobs exchangeJobs;
    private final FilingWorker filingWorker;
    private final DeliveryMonitor deliveryMonitor;
    private final Mailboxes mailboxes;

    private OpenSpine(Database database, AuditServices audit, FhirStore store, FhirSearch search, FhirApi fhir,
            HttpServer http, Authentication authentication, Set<String> issuerPublicPaths, AtomicBoolean ready,
            ExchangeJobs exchangeJobs, FilingWorker filingWorker, DeliveryMonitor deliveryMonitor, Mailboxes mailboxes) {
        this.mailboxes = mailboxes;
        this.exchangeJobs = exchangeJobs;
        this.filingWorker = filingWorker;
        this.deliveryMonitor = deliveryMonitor;
        this.search = search;
        this.authentication = authentication;
        this.issuerPublicPaths = issuerPublicPaths;
        this.ready = ready;
        this.database = database;
        this.audit = audit;
        this.store = store;
        this.fhir = fhir;
        this.http = http;
    }

    /**
     * Starts the database, the services and the HTTP listener. {@code /readyz} reports ready only
     * after {@link #markReady()}, so seeding can finish first.
     *
     * @throws IllegalStateException when any part cannot start; what started is closed again
     */
    public static OpenSpine start(ServerConfig config, Clock clock) {
        // The database (PostgreSQL start, pool, migrations), the FHIR model (HAPI's context) and the
        // token machinery (key file, JOSE and EC classes: a few hundred milliseconds cold) are
        // independent: build them side by side.
        CompletableFuture<Database> opening = CompletableFuture.supplyAsync(() -> Database.open(config.database()),
                runnable -> new Thread(runnable, "database-open").start());
        // Sign-ins go on the audit trail, which opens after the database; no request arrives before both are up.
        CompletableFuture<AuditServices> auditing = new CompletableFuture<>();
        SecurityEvents events = event -> auditing.join().groupCommit().record(event);
        CompletableFuture<Security> securing = CompletableFuture.supplyAsync(() -> Security.open(config, clock, events),
                runnable -> new Thread(runnable, "security-open").start());
        FhirCodec codec;
        SearchParameters parameters;
        ProfileValidation validation;
        try {
            codec = new FhirCodec();
            parameters = SearchParameters.r4(codec.context().getResourceTypes());
            validation = new ProfileValidation(codec.context(), config.profiles());
        } catch (RuntimeException e) {
            opening.thenAccept(Database::close);
            throw e;
        }
        Database database = join(opening);
        AuditServices audit;
        try {
            // the audit key is checked against the database first: a node with the wrong key must not start
            audit = AuditServices.start(database, config.dataDir(), clock);
            auditing.complete(audit);
        } catch (RuntimeException e) {
            auditing.completeExceptionally(e);
            database.close();
            throw e;
        }
        try {
            Security security = join(securing);
            FhirServices services = FhirServices.open(database, codec, parameters, validation, clock, VERSION,
                    DERIVED_PARAMS);
            FhirStore store = services.store();
            FhirApi fhir = services.api();
            AtomicBoolean ready = new AtomicBoolean();
            List<HttpRoutes> routes = new ArrayList<>(List.of(new HealthRoutes(() -> ready.get() && database.isReachable()),
                    new ReindexRoutes(database, services.reindexer(), AccessPolicy.nhs()))); // before FhirRoutes: a more specific path
            security.issuer().ifPresent(routes::add);
            routes.add(new PrivacyAlertRoutes(audit.alerts(), audit.groupCommit(), AccessPolicy.nhs(), clock));
            InteractionAudit interactions = InteractionAudit.of(audit, clock);
            Demographics demographics = new Demographics(fhir, services.search(), store,
                    new NhsNumberAllocator(config.nhsNumbers(), store.paramIds()), clock);
            routes.add(new DemographicsRoutes(demographics, fhir, database, interactions, events, clock));
            // before FhirRoutes, whose wider paths would take the registration operations
            routes.add(new RegistrationRoutes(new GpRegistrations(fhir, services.search(), store, clock), fhir, store,
                    database, interactions));
            routes.add(new DirectoryRoutes(new OdsLoader(fhir, services.search()), fhir, database, interactions,
                    AccessPolicy.nhs()));
            routes.add(new FhirRoutes(fhir, codec, database, interactions));
            Exchange exchange = Exchange.open(config.exchange(), config.dataDir(), database, security.verifier(), codec,
                    services, audit, clock);
            routes.addAll(exchange.routes());
            HttpServer http = HttpServer.start(config.http(), exchange.authentication(), events, routes);
            ExchangeJobs jobs = ExchangeJobs.start(exchange.jobs());
            exchange.filing().start();
            return new OpenSpine(database, audit, store, services.search(), fhir, http, security.verifier(),
                    security.publicPaths(), ready, jobs, exchange.filing(), exchange.monitor(), exchange.mailboxes());
        } catch (RuntimeException e) {
            audit.close();
            database.close();
            throw e;
        }
    }

    /**
     * @return how requests are authenticated: a verifier trusting the configured identity providers
     *         and, when on, the built-in issuer. Thread-safe; a token's first check may block on
     *         fetching its issuer's keys.
     */
    public Authentication authentication() {
        return authentication;
    }

    /**
     * @return the built-in issuer's paths (its keys, metadata, token endpoint and demo sign-in), which
     *         must be served without a token; empty when it is off. The health paths are not among them.
     */
    public Set<String> issuerPublicPaths() {
        return issuerPublicPaths;
    }

    /** Declares start-up finished: {@code /readyz} answers 200 from now on. */
    public void markReady() {
        ready.set(true);
    }

    /** @return the bound HTTP port */
    public int port() {
        return http.port();
    }

    /** @return the database, for seeding and tests */
    public Database database() {
        return database;
    }

    /** @return the MESH mailboxes, their passwords sealed under this node's mailbox key: for seeding */
    public Mailboxes mailboxes() {
        return mailboxes;
    }

    /** @return the audit trail: writers, sealer, log, alerts and verifier */
    public AuditServices audit() {
        return audit;
    }

    /** @return the FHIR API, for seeding */
    public FhirApi fhir() {
        return fhir;
    }

    /** @return FHIR search, for seeding */
    public FhirSearch search() {
        return search;
    }

    /** @return the FHIR store, for seeding */
    public FhirStore store() {
        return store;
    }

    /**
     * Stops accepting requests, finishes those in flight and the exchange's background work (a filing run in
     * progress commits or rolls back), writes queued audit events and stops sealing, then stops the database.
     * Idempotent.
     */
    @Override
    public void close() {
        ready.set(false);
        http.close();
        exchangeJobs.close();
        filingWorker.close(); // its runs write the record and the audit trail: before both close
        deliveryMonitor.close();
        audit.close();
        database.close();
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * The document exchange: mailboxes, MESH, message lifecycle, the delivery monitor and auto-filing. Requests signed
     * with NHSMESH are authenticated when a shared key is configured; everything else goes to the bearer-token
     * verifier. The filing worker is made here, so that the MESH API can nudge it, and started with the other jobs.
     * Mailbox passwords are sealed under the mailbox key in the data directory; any stored before that are sealed
     * on opening.
     */
    private record Exchange(List<HttpRoutes> routes, Authentication authentication, List<ExchangeJobs.Job> jobs,
            DeliveryMonitor monitor, FilingWorker filing, Mailboxes mailboxes) {

        /** The most letters one filing run takes: more than a practice's release is expected to hold. */
        static final int FILING_RUN = 1000;
        /** How often filing runs unasked: about a release's settling time, so a settled release waits little. */
        static final Duration FILING_EVERY = Duration.ofSeconds(5);

        static Exchange open(ExchangeConfig config, Path dataDir, Database database, Authentication bearer,
                FhirCodec codec, FhirServices fhir, AuditServices audit, Clock clock) {
            Mailboxes mailboxes = new Mailboxes(PasswordSeal.openOrCreate(dataDir, database));
            int sealed = database.inTransaction(mailboxes::sealStoredPasswords);
            if (sealed > 0) {
                LOG.info("sealed {} mailbox passwords stored in the clear under the {}", sealed, PasswordSeal.USE.name());
            }
            Workflows workflows = new Workflows();
            MeshMailboxes meshMailboxes = new MeshMailboxes(database, mailboxes, clock);
            Outbox outbox = new Outbox(mailboxes, new WorkflowAssurance(workflows, codec,
                    WorkflowAssurance.DEFAULT_MAX_BYTES), config.settings(), clock);
            DeliveryMonitor monitor = new DeliveryMonitor(database, mailboxes, workflows, fhir.api(), config.monitor(),
                    clock);
            MatcherPatientFinder finder = new MatcherPatientFinder(fhir.search());
            LetterFiling filing = new LetterFiling(database, codec, fhir.store(), fhir.search(), audit.trail(),
                    finder, FilingSettings.DEFAULTS, clock);
            FilingWorker filingWorker = new FilingWorker(filing, FILING_RUN, FILING_EVERY);
            List<HttpRoutes> routes = List.of(new MonitorRoutes(database, monitor, mailboxes, AccessPolicy.nhs()),
                    new MailboxRoutes(database, mailboxes, workflows, AccessPolicy.nhs(), clock, meshMailboxes::forget),
                    new WorkqueueRoutes(database, new Workqueue(), new WorkqueueDecisions(codec, fhir.store(),
                            fhir.search(), finder, FilingSettings.DEFAULTS, clock), audit.groupCommit(), audit.trail(),
                            AccessPolicy.nhs(), clock),
                    new MeshRoutes(database, meshMailboxes, outbox, new Inbox(clock), filingWorker.arrivals()));
            List<ExchangeJobs.Job> jobs = new ArrayList<>(new MessageLifecycle(database, new Expiry(config.settings(),
                    clock)).jobs());
            jobs.add(monitor.job());
            Authentication authentication = bearer;
            if (config.sharedKey().isPresent()) {
                MeshAuthentication mesh = new MeshAuthentication(bearer, database, meshMailboxes,
                        config.sharedKey().get(), clock);
                jobs.add(mesh.job());
                authentication = mesh;
            }
            return new Exchange(routes, authentication, List.copyOf(jobs), monitor, filingWorker, mailboxes);
        }
    }

    /** The built-in issuer, when on, and the verifier that trusts it and the configured identity providers. */
    private record Security(Optional<BuiltInIssuer> issuer, TokenVerifier verifier) {

        static Security open(ServerConfig config, Clock clock, SecurityEvents events) {
            SecurityConfig settings = config.security();
            Optional<BuiltInIssuer> issuer = settings.builtInIssuer().map(url -> BuiltInIssuer.open(
                    new BuiltInIssuer.Settings(url, settings.audience(), config.dataDir(), settings.demoUsers()), clock,
                    events));
            List<TrustedIssuer> trusted = new ArrayList<>(settings.trustedIssuers());
            issuer.ifPresent(builtIn -> trusted.add(builtIn.trustedIssuer()));
            return new Security(issuer, new TokenVerifier(trusted, clock));
        }

        Set<String> publicPaths() {
            return issuer.map(BuiltInIssuer::publicPaths).orElse(Set.of());
        }
    }
}
