package org.openspine.bench;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.openspine.server.demo.SyntheticBundle;
import org.openspine.server.demo.SyntheticPopulation;

/**
 * POST of synthetic patient transaction Bundles to the base URL, after one organisations Bundle (the GP
 * practices and clinicians that patients refer to conditionally). Reports resources/s as well as bundles/s.
 *
 * <p>Patients are numbered from 0 across all clients, so a second run with the same seed against the same
 * database re-sends the same people: their Patient matches the existing one (conditional create on the NHS
 * Number) and their clinical records are added again. Use another {@code --seed} for fresh people.
 */
final class IngestScenario implements Scenario {

    private final FhirServer server;
    private final SyntheticPopulation population;
    private final AtomicInteger nextPatient = new AtomicInteger();

    IngestScenario(FhirServer server, SyntheticPopulation population) {
        this.server = server;
        this.population = population;
    }

    @Override
    public String name() {
        return "ingest";
    }

    @Override
    public boolean countsResources() {
        return true;
    }

    @Override
    public void prepare(HttpConnection http) throws IOException {
        postOrganisations(http, server, population);
    }

    @Override
    public Worker worker(int client, int clients) {
        return new Worker() {
            private SyntheticBundle next;

            @Override
            public boolean prepareNext() {
                next = population.patientBundle(nextPatient.getAndIncrement() % SyntheticPopulation.MAX_PATIENTS);
                return true;
            }

            @Override
            public Outcome call(HttpConnection http) throws IOException {
                return Outcome.of(http.send(server.postBundleMinimal(next.json())), next.resourceCount());
            }
        };
    }

    /**
     * Sends the organisations Bundle (conditional updates, so sending it again changes nothing).
     *
     * @return how many resources it holds
     * @throws IOException when it cannot be sent or is refused, since patient bundles refer to it
     */
    static int postOrganisations(HttpConnection http, FhirServer server, SyntheticPopulation population)
            throws IOException {
        String bundle = population.organisationsBundle();
        HttpResponse response = http.send(server.post("", bundle));
        if (!response.successful()) {
            throw new IOException("organisations bundle rejected with HTTP " + response.status()
                    + ", so patient bundles could not resolve their GP practice: " + snippet(response));
        }
        return bundle.split("\"fullUrl\"", -1).length - 1;
    }

    private static String snippet(HttpResponse response) {
        String text = response.bodyText().replaceAll("\\s+", " ");
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
