package org.openspine.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of a FHIR server for the bench: creates, reads, versioned updates with If-Match, history,
 * transactions, searches, and the demographics API's retrieve, all in memory. Injects a 500 on every fifth history read and a 412 on the first
 * update of each Patient.
 *
 * <p>A transaction files each Patient that is a conditional create on an NHS Number, so that
 * {@code Patient?identifier=} finds it; transactions naming an NHS Number in {@link #refused} get a 400. Every other
 * search answers with one resource of the type searched, about the Patient in its {@code patient} parameter,
 * and never includes anything.
 */
final class FakeFhirServer implements AutoCloseable {

    static final String TOKEN = "s3cret";
    private static final Pattern PATIENT = Pattern.compile("/fhir/R4/Patient/([^/]+)(/_history(/([^/]+))?)?");
    private static final Pattern IF_NONE_EXIST =
            Pattern.compile("\"ifNoneExist\":\"identifier=https://fhir.nhs.uk/Id/nhs-number\\|(\\d{10})\"");
    private static final Pattern SEARCH = Pattern.compile("/fhir/R4/([A-Za-z]+)");
    private static final Pattern PATIENT_PARAMETER = Pattern.compile("(?:^|&)patient=([^&]+)");
    private static final String BY_NHS_NUMBER = "identifier=https://fhir.nhs.uk/Id/nhs-number|";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, Integer> versions = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicLong historyReads = new AtomicLong();
    final AtomicLong resourcesIngested = new AtomicLong();
    /** Patient ids by NHS Number, from transactions. */
    final Map<String, String> patients = new ConcurrentHashMap<>();
    final Set<String> refused = ConcurrentHashMap.newKeySet();
    volatile boolean requireToken;

    FakeFhirServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/fhir/R4", this::handle);
        server.createContext(DemographicsScenario.BASE + "/Patient/", this::retrieve);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir/R4";
    }

    long count(String key) {
        return counts.getOrDefault(key, new AtomicLong()).get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (!("Bearer " + TOKEN).equals(authorization) && (requireToken || path.endsWith("/metadata"))) {
            tick("unauthorised");
            send(exchange, 401, "{\"resourceType\":\"OperationOutcome\"}", Map.of());
            return;
        }
        if (path.equals("/fhir/R4/metadata")) {
            send(exchange, 200, "{\"resourceType\":\"CapabilityStatement\",\"fhirVersion\":\"4.0.1\","
                    + "\"software\":{\"name\":\"fake-fhir\",\"version\":\"1.0\"}}", Map.of());
        } else if (method.equals("POST") && path.equals("/fhir/R4")) {
            transaction(exchange, body);
        } else if (method.equals("GET") && exchange.getRequestURI().getRawQuery() != null
                && SEARCH.matcher(path).matches()) {
            search(exchange, path.substring("/fhir/R4/".length()), exchange.getRequestURI().getQuery());
        } else if (method.equals("POST") && path.equals("/fhir/R4/Patient")) {
            tick("POST Patient");
            String id = "p" + ids.incrementAndGet();
            versions.put(id, 1);
            send(exchange, 201, body, Map.of("Location", base() + "/Patient/" + id + "/_history/1",
                    "ETag", "W/\"1\""));
        } else {
            Matcher matcher = PATIENT.matcher(path);
            if (!matcher.matches() || !versions.containsKey(matcher.group(1))) {
                send(exchange, 404, "{\"resourceType\":\"OperationOutcome\"}", Map.of());
                return;
            }
            String id = matcher.group(1);
            if (method.equals("PUT")) {
                update(exchange, id);
            } else if (matcher.group(4) != null) {
                tick("GET vread");
                send(exchange, 200, patient(id, Integer.parseInt(matcher.group(4))), Map.of());
            } else if (matcher.group(2) != null) {
                tick("GET history");
                int status = historyReads.incrementAndGet() % 5 == 0 ? 500 : 200;
                send(exchange, status, "{\"resourceType\":\"Bundle\",\"type\":\"history\"}", Map.of());
            } else {
                tick("GET read");
                int version = versions.get(id);
                send(exchange, 200, patient(id, version), Map.of("ETag", "W/\"" + version + "\""));
            }
        }
    }

    /** The demographics API's retrieve: the Patient with that NHS Number as id, when a transaction filed it. */
    private void retrieve(HttpExchange exchange) throws IOException {
        tick("GET demographics");
        String nhsNumber = exchange.getRequestURI().getPath().substring((DemographicsScenario.BASE + "/Patient/").length());
        if (patients.containsKey(nhsNumber)) {
            send(exchange, 200, "{\"resourceType\":\"Patient\",\"id\":\"" + nhsNumber + "\"}", Map.of());
        } else {
            send(exchange, 404, "{\"resourceType\":\"OperationOutcome\"}", Map.of());
        }
    }

    private void transaction(HttpExchange exchange, String body) throws IOException {
        tick("POST transaction");
        List<String> nhsNumbers = IF_NONE_EXIST.matcher(body).results().map(m -> m.group(1)).toList();
        if (nhsNumbers.stream().anyMatch(refused::contains)) {
            send(exchange, 400, "{\"resourceType\":\"OperationOutcome\"}", Map.of());
            return;
        }
        for (String nhsNumber : nhsNumbers) {
            if (patients.putIfAbsent(nhsNumber, "p" + ids.incrementAndGet()) != null) {
                tick("patient sent again");
            }
        }
        if (body.contains("\"resourceType\":\"Patient\"")) {
            resourcesIngested.addAndGet(body.split("\"fullUrl\"", -1).length - 1);
        }
        send(exchange, 200, "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}", Map.of());
    }

    private void search(HttpExchange exchange, String type, String query) throws IOException {
        tick("GET " + type + " search");
        String found;
        if (type.equals("Patient") && query.startsWith(BY_NHS_NUMBER)) {
            String nhsNumber = query.substring(BY_NHS_NUMBER.length());
            String id = patients.get(nhsNumber);
            found = id == null ? "" : "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"" + id
                    + "\",\"identifier\":[{\"system\":\"https://fhir.nhs.uk/Id/nhs-number\",\"value\":\""
                    + nhsNumber + "\"}]}}";
        } else {
            Matcher patient = PATIENT_PARAMETER.matcher(query);
            String subject = patient.find() ? "Patient/" + patient.group(1) : "Patient/unknown";
            found = "{\"resource\":{\"resourceType\":\"" + type + "\",\"id\":\"x\",\"subject\":{\"reference\":\""
                    + subject + "\"}}}";
        }
        send(exchange, 200, "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[" + found + "]}",
                Map.of());
    }

    private void update(HttpExchange exchange, String id) throws IOException {
        tick("PUT Patient");
        String ifMatch = exchange.getRequestHeaders().getFirst("If-Match");
        synchronized (versions) {
            int current = versions.get(id);
            // Pretend someone else edited the Patient just before the bench's first update of it.
            if (current == 1) {
                versions.put(id, ++current);
            }
            if (!("W/\"" + current + "\"").equals(ifMatch)) {
                tick("PUT 412");
                send(exchange, 412, "{\"resourceType\":\"OperationOutcome\"}", Map.of());
                return;
            }
            versions.put(id, current + 1);
            send(exchange, 200, patient(id, current + 1), Map.of("ETag", "W/\"" + (current + 1) + "\""));
        }
    }

    private void tick(String key) {
        counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    private static String patient(String id, int version) {
        return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"meta\":{\"versionId\":\"" + version + "\"}}";
    }

    private static void send(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.getResponseHeaders().set("Content-Type", "application/fhir+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
