package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import org.openspine.platform.security.token.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.model.MediaType;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.http.TestHttp;

/**
 * The bad-input corpus ({@code src/test/resources/bad-input/cases.tsv} and the bodies beside it):
 * every request in it is refused with its own 4xx and a FHIR OperationOutcome, is never a 5xx,
 * and leaves the store exactly as it was.
 *
 * <p>"Stored nothing" is checked by counting the rows of the record store before and after each
 * request. The database is shared with the other test classes of the JVM, which run one after
 * another, so the two counts of one case see no other writer.
 */
final class BadInputIT {

    private static final String CORPUS = "/bad-input/";
    private static final String CASES = "cases.tsv";
    private static final String NONE = "-";
    private static final String OVERSIZE = "@oversize";
    private static final String OVERSIZE_CHUNKED = "@oversize-chunked";
    private static final Pattern CREATED_ID = Pattern.compile("/Patient/([A-Za-z0-9\\-.]{1,64})/_history/1$");

    // Only to read the error bodies back: a strict parse proves each is a well-formed OperationOutcome.
    private static final FhirCodec CODEC = new FhirCodec();

    /** The Patient the update, patch and If-Match cases aim at ({@code {id}} in the corpus). */
    private static String existingId;

    @BeforeAll
    static void createThePatientThatUpdateAndPatchCasesAimAt() {
        TestHttp.Response created = server().http().post(FhirRoutes.BASE_PATH + "/Patient", "application/fhir+json",
                "{\"resourceType\":\"Patient\",\"active\":true,\"name\":[{\"family\":\"BadInputTarget\"}]}");
        assertThat(created.status()).as("creating the target Patient: %s", created).isEqualTo(201);
        Matcher id = CREATED_ID.matcher(String.valueOf(created.header("Location")));
        assertThat(id.find()).as("Location of the target Patient: %s", created.header("Location")).isTrue();
        existingId = id.group(1);
    }

    static Stream<Arguments> corpus() {
        return readCases().stream().map(c -> Arguments.of(Named.of(c.description(), c)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isRefusedWithItsStatusAndAnOperationOutcomeAndStoresNothing(BadRequest request) {
        StoreCounts before = storeCounts();

        TestHttp.Response response = send(request);

        StoreCounts after = storeCounts();
        String what = request.method() + " " + request.path() + " -> " + response.status() + " " + abbreviate(response.text());
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(response.status()).as("never a 5xx: %s", what).isLessThan(500);
        softly.assertThat(response.status()).as("status of %s", what).isEqualTo(request.status());
        assertIsErrorOutcome(softly, response, request, what);
        softly.assertThat(after).as("rows in resource, resource_version, index tables after %s", what).isEqualTo(before);
        softly.assertAll();
    }

    @Test
    void theCorpusHoldsAtLeastSixtyDistinctRequestsEachWithItsOwnSentence() {
        List<BadRequest> cases = readCases();
        Set<List<String>> requests = new HashSet<>();
        Set<String> descriptions = new HashSet<>();
        for (BadRequest c : cases) {
            requests.add(List.of(c.method(), c.path(), c.contentType(), c.header(), c.body()));
            assertThat(descriptions.add(c.description())).as("description used twice: %s", c.description()).isTrue();
        }
        assertThat(requests).hasSizeGreaterThanOrEqualTo(60).hasSize(cases.size());
    }

    @Test
    void everyBodyFileInTheCorpusIsSentByACase() throws IOException {
        Set<String> used = new HashSet<>();
        readCases().forEach(c -> used.add(c.body()));
        List<String> files;
        try (Stream<Path> listing = Files.list(corpusDirectory())) {
            files = listing.map(p -> p.getFileName().toString()).filter(name -> !name.equals(CASES)).toList();
        }
        assertThat(files).isNotEmpty().allSatisfy(name -> assertThat(used).as("cases using %s", name).contains(name));
    }

    // ---- sending ---------------------------------------------------------------------------------

    private static TestHttp.Response send(BadRequest request) {
        String url = FhirRoutes.BASE_PATH + (request.path().equals("/") ? "" : request.path().replace("{id}", existingId));
        if (request.body().equals(OVERSIZE_CHUNKED)) {
            return sendChunked(request, url);
        }
        TestHttp.Call call = server().http().request(request.method(), url);
        if (!request.contentType().equals(NONE)) {
            call.header("Content-Type", request.contentType());
        }
        if (!request.header().equals(NONE)) {
            call.header(request.headerName(), request.headerValue());
        }
        if (!request.body().equals(NONE)) {
            call.body(body(request));
        }
        return call.send();
    }

    /** TestHttp always sends a Content-Length; a streamed body is sent chunked, without one. */
    private static TestHttp.Response sendChunked(BadRequest request, String path) {
        byte[] body = oversizeBody();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server().http().base() + path))
                .timeout(Duration.ofSeconds(60))
                .method(request.method(), HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .header("Content-Type", request.contentType())
                .header("Authorization", TestTokens.bearer(TestTokens.integrator()));
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new TestHttp.Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + path + " (chunked)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending " + request.method() + " " + path, e);
        }
    }

    private static byte[] body(BadRequest request) {
        if (request.body().equals(OVERSIZE)) {
            return oversizeBody();
        }
        String text = new String(resource(request.body()), StandardCharsets.UTF_8);
        return text.replace("{id}", existingId).getBytes(StandardCharsets.UTF_8);
    }

    /** A Patient that would be valid if it were not one byte over the server's body limit. */
    private static byte[] oversizeBody() {
        String head = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"";
        String tail = "\"}]}";
        int padding = FhirTestServer.MAX_BODY + 1 - head.length() - tail.length();
        return (head + "A".repeat(padding) + tail).getBytes(StandardCharsets.US_ASCII);
    }

    // ---- checking --------------------------------------------------------------------------------

    private static void assertIsErrorOutcome(SoftAssertions softly, TestHttp.Response response, BadRequest request,
            String what) {
        String contentType = response.header("Content-Type");
        boolean wantsXml = request.headerName().equalsIgnoreCase("Accept") && request.headerValue().contains("xml");
        String expectedMime = wantsXml ? MediaType.XML.mime() : MediaType.JSON.mime();
        softly.assertThat(contentType).as("Content-Type of %s", what).startsWith(expectedMime);
        IBaseResource body;
        try {
            body = CODEC.parseStrict(response.bytes(), MediaType.of(contentType).orElse(MediaType.JSON));
        } catch (OpenSpineException e) {
            softly.fail("the body of %s is not a FHIR resource: %s", what, e.getMessage());
            return;
        }
        if (!(body instanceof OperationOutcome outcome)) {
            softly.fail("the body of %s is a %s, not an OperationOutcome", what, body.fhirType());
            return;
        }
        softly.assertThat(outcome.getIssue()).as("issues of %s", what).anySatisfy(issue -> {
            assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
            assertThat(issue.getCode()).isNotNull().isNotEqualTo(OperationOutcome.IssueType.NULL);
            assertThat(issue.getDiagnostics()).isNotBlank();
        });
    }

    private static StoreCounts storeCounts() {
        return server().database().read(connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT (SELECT count(*) FROM resource),"
                            + " (SELECT count(*) FROM resource_version), (SELECT (SELECT count(*) FROM idx_token)"
                            + " + (SELECT count(*) FROM idx_string) + (SELECT count(*) FROM idx_reference)"
                            + " + (SELECT count(*) FROM idx_date))")) {
                rows.next();
                return new StoreCounts(rows.getLong(1), rows.getLong(2), rows.getLong(3));
            }
        });
    }

    // ---- the corpus ------------------------------------------------------------------------------

    private static List<BadRequest> readCases() {
        String table = new String(resource(CASES), StandardCharsets.UTF_8);
        List<BadRequest> cases = new ArrayList<>();
        String[] lines = table.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            if (cells.length != 7) {
                throw new IllegalStateException(CASES + " line " + (i + 1) + " has " + cells.length
                        + " tab-separated cells, not 7: " + line);
            }
            cases.add(new BadRequest(Integer.parseInt(cells[0]), cells[1], cells[2], cells[3], cells[4], cells[5],
                    cells[6]));
        }
        return cases;
    }

    private static byte[] resource(String name) {
        try (InputStream in = BadInputIT.class.getResourceAsStream(CORPUS + name)) {
            if (in == null) {
                throw new IllegalStateException("no corpus file " + CORPUS + name + " on the test classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + CORPUS + name, e);
        }
    }

    private static Path corpusDirectory() {
        URL table = BadInputIT.class.getResource(CORPUS + CASES);
        try {
            return Path.of(table.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("corpus location " + table, e);
        }
    }

    private static FhirTestServer server() {
        return FhirTestServer.shared();
    }

    private static String abbreviate(String text) {
        return text.length() > 600 ? text.substring(0, 600) + "..." : text;
    }

    /** Row counts of the record store's tables. */
    private record StoreCounts(long resources, long versions, long tokens) {
    }

    /**
     * One line of the corpus table; {@code "-"} marks an absent content type, header or body.
     *
     * @param status      the expected 4xx
     * @param path        under the FHIR base; {@code {id}} stands for the Patient created first
     * @param header      one extra header as {@code Name: value}
     * @param body        a file beside the table, or {@code @oversize} / {@code @oversize-chunked}
     * @param description the test's name: a sentence
     */
    record BadRequest(int status, String method, String path, String contentType, String header, String body,
            String description) {

        BadRequest {
            if (status < 400 || status > 499) {
                throw new IllegalArgumentException("expected status must be a 4xx, was " + status + ": " + description);
            }
            if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                throw new IllegalArgumentException("unknown method " + method + ": " + description);
            }
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("path must start with '/', was " + path + ": " + description);
            }
            if (!header.equals(NONE) && !header.contains(": ")) {
                throw new IllegalArgumentException("header must read 'Name: value', was " + header + ": " + description);
            }
            if (description.isBlank()) {
                throw new IllegalArgumentException("case " + method + " " + path + " has no description");
            }
        }

        String headerName() {
            return header.equals(NONE) ? "" : header.substring(0, header.indexOf(": "));
        }

        String headerValue() {
            return header.equals(NONE) ? "" : header.substring(header.indexOf(": ") + 2);
        }
    }
}
