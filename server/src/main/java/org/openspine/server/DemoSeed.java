package org.openspine.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.time.Clock;
import org.openspine.fhir.access.RecordAccess;
import org.openspine.fhir.rest.FhirRequest;
import org.openspine.identity.registration.GpRegistrations;
import org.openspine.platform.identifier.NhsNumber;
import org.openspine.server.demo.DemoDirectory;
import org.openspine.server.demo.DemoMailboxes;
import org.openspine.server.demo.SyntheticBundle;
import org.openspine.server.demo.SyntheticPopulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds the demo population through the FHIR API (as transactions, exactly as a client would):
 * the organisations, then each demo patient with their record; then the organisation directory, staff
 * roles and GP registration histories through the identity services ({@link DemoDirectory}).
 * Idempotent: a patient already present (by NHS Number) is skipped, and each patient is one
 * transaction, so an interrupted seed resumes cleanly on the next start.
 */
final class DemoSeed {

    /** How many demo patients there are, besides the PDS sandbox people. */
    static final int PATIENTS = 50;
    /** How many PDS sandbox people there are (see {@link #sandbox()}). */
    static final int SANDBOX_PATIENTS = 5;
    /** Fixed so that every demo install has the same people. */
    static final long SEED = 20261121L;

    private static final Logger LOG = LoggerFactory.getLogger(DemoSeed.class);

    private DemoSeed() {
    }

    static void run(OpenSpine openSpine) {
        long started = System.nanoTime();
        SyntheticPopulation population = new SyntheticPopulation(SEED);
        String base = "http://localhost:" + openSpine.port() + "/fhir/R4";
        if (!present(openSpine, new NhsNumber("9000000041"))) {
            // the organisations first: the sandbox people are registered at one of them
            post(openSpine, base, population.organisationsBundle());
            post(openSpine, base, sandbox());
        }
        // Patients are seeded in order, each in its own transaction: if the last is there, all are.
        if (present(openSpine, population.nhsNumber(PATIENTS - 1))) {
            LOG.info("demo population already present ({} patients)", PATIENTS);
        } else {
            post(openSpine, base, population.organisationsBundle());
            int added = 0;
            for (int i = 0; i < PATIENTS; i++) {
                if (!present(openSpine, population.nhsNumber(i))) {
                    SyntheticBundle bundle = population.patientBundle(i);
                    post(openSpine, base, bundle.json());
                    added++;
                }
            }
            LOG.info("demo population ready: {} patients ({} added) in {} ms", PATIENTS, added,
                    (System.nanoTime() - started) / 1_000_000);
        }
        // after the organisations bundle, whose organisations the directory then completes (types, parents, sites)
        DemoDirectory directory = new DemoDirectory(openSpine.database(), openSpine.fhir(), openSpine.search(),
                new GpRegistrations(openSpine.fhir(), openSpine.search(), openSpine.store(), Clock.systemUTC()));
        directory.load(population, PATIENTS).forEach(loaded -> LOG.info("demo directory: {}", loaded));
        int mailboxes = DemoMailboxes.seed(openSpine.database(), openSpine.mailboxes(), Clock.systemUTC());
        if (mailboxes > 0) {
            LOG.info("demo mailboxes: {} added (X26ABC1, X26ABC2 and one per organisation)", mailboxes);
        }
    }

    /**
     * The people of the public PDS sandbox, so PDS clients' tests run here unchanged: 9000000009 (Jane
     * Smith, the demo patient user), 9000000017 (her father John, the demo carer, holding a proxy link),
     * 9000000025 (a restricted record), 9000000033 (a record with nothing but its number) and 9000000041
     * (Jane's old, superseded number). A conditional transaction: loading it again changes nothing.
     */
    private static String sandbox() {
        try (InputStream in = DemoSeed.class.getResourceAsStream("/demo/pds-sandbox.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the PDS sandbox people are missing from the jar", e);
        }
    }

    private static boolean present(OpenSpine openSpine, NhsNumber nhsNumber) {
        Map<String, List<String>> byNhsNumber = Map.of("identifier", List.of(NhsNumber.SYSTEM + "|" + nhsNumber.value()));
        return openSpine.database().read(connection -> !openSpine.search().find(connection, "Patient", byNhsNumber,
                "http://localhost", 1).isEmpty());
    }

    private static void post(OpenSpine openSpine, String base, String bundleJson) {
        FhirRequest request = new FhirRequest("POST", base, List.of(), Map.of(),
                Map.of("content-type", "application/fhir+json", "prefer", "return=minimal"),
                new FhirRequest.Bytes(bundleJson.getBytes(StandardCharsets.UTF_8), "application/fhir+json"),
                openSpine.fhir().guard(RecordAccess.OPENSPINE));
        openSpine.database().inTransaction(connection -> openSpine.fhir().handle(connection, request));
    }
}
