package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openspine.fhir.rest.Fixtures.BASE;
import static org.openspine.fhir.rest.Fixtures.JSON;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.openspine.platform.http.TestHttp;

/**
 * The search tests' fixtures and searches, fenced off by a tag of their own: every resource created
 * through one instance carries {@code meta.tag} {@value #TAG_SYSTEM}|(unique code), and every search
 * made through it is constrained by that tag, so data other tests write to the shared database never
 * changes an expected result. One instance per test (JUnit makes one test-class instance per test).
 *
 * <p>Search parameters are given unencoded, one {@code name=value} per argument, and are
 * URL-encoded here, so tests read like the FHIR specification's examples ({@code value-quantity=5.4|
 * http://unitsofmeasure.org|mg}, {@code date=ge2013-01-14T10:00:00+01:00}).
 */
final class TaggedSearch {

    static final String TAG_SYSTEM = "urn:openspine:test:search";

    // Exact decimals: a fixture's 100.00 must reach the server as 100.00, not 100.0.
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true)).build();

    private final TestHttp http = FhirTestServer.shared().http();
    private final String code = Fixtures.unique();

    TestHttp http() {
        return http;
    }

    /** @return the tag search value, {@code system|code} */
    String tag() {
        return TAG_SYSTEM + "|" + code;
    }

    /** Creates {@code json} (any resource type) with this instance's tag added; @return its id */
    String create(String json) {
        ObjectNode resource = tagged(json);
        TestHttp.Response created = http.post(BASE + "/" + resource.get("resourceType").asText(), JSON,
                resource.toString());
        assertThat(created.status()).as("creating %s", created).isEqualTo(201);
        return created.json().get("id").asText();
    }

    /** Replaces resource {@code id} with {@code json} (tag added); @return the new version id */
    String update(String id, String json) {
        ObjectNode resource = tagged(json).put("id", id);
        TestHttp.Response updated = http.put(BASE + "/" + resource.get("resourceType").asText() + "/" + id, JSON,
                resource.toString());
        assertThat(updated.status()).as("updating %s", updated).isEqualTo(200);
        return updated.json().at("/meta/versionId").asText();
    }

    /**
     * @param path   under the FHIR base: {@code Patient}, {@code Patient/1/Observation}, or "" for the system
     * @param params unencoded {@code name=value} pairs
     * @return the search's response, constrained by this instance's tag
     */
    TestHttp.Response get(String path, String... params) {
        return http.get(url(path, withTag(params)));
    }

    /** @return the bundle of a tag-constrained search, which must succeed */
    Result search(String path, String... params) {
        TestHttp.Response response = get(path, params);
        assertThat(response.status()).as("GET %s: %s", url(path, withTag(params)), response).isEqualTo(200);
        return new Result(response.json());
    }

    /** @return the ids of the matches of a tag-constrained search, in the order returned */
    List<String> ids(String path, String... params) {
        return search(path, params).ids();
    }

    /** @return a URL path with the parameters encoded, not tag-constrained */
    static String url(String path, String... params) {
        StringJoiner query = new StringJoiner("&");
        for (String param : params) {
            int equals = param.indexOf('=');
            query.add(encode(param.substring(0, equals)) + "=" + encode(param.substring(equals + 1)));
        }
        String base = path.isEmpty() ? BASE : BASE + "/" + path;
        return params.length == 0 ? base : base + "?" + query;
    }

    /** @return the parameters encoded as a form body */
    static String form(String... params) {
        return url("", params).substring(BASE.length() + 1);
    }

    /**
     * Asserts a 400 whose body is exactly an OperationOutcome with one error issue.
     */
    static void assertRefused(TestHttp.Response response, String code, String diagnostics) {
        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.json()).isEqualTo(outcome("error", code, diagnostics));
    }

    /** @return an OperationOutcome with one issue */
    static JsonNode outcome(String severity, String code, String diagnostics) {
        ObjectNode outcome = MAPPER.createObjectNode().put("resourceType", "OperationOutcome");
        outcome.putArray("issue").addObject().put("severity", severity).put("code", code).put("diagnostics", diagnostics);
        return outcome;
    }

    String[] withTag(String... params) {
        String[] all = new String[params.length + 1];
        System.arraycopy(params, 0, all, 0, params.length);
        all[params.length] = "_tag=" + tag();
        return all;
    }

    private ObjectNode tagged(String json) {
        ObjectNode resource;
        try {
            resource = (ObjectNode) MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("fixture is not JSON: " + json, e);
        }
        resource.withObjectProperty("meta").withArrayProperty("tag").addObject().put("system", TAG_SYSTEM)
                .put("code", code);
        return resource;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** A searchset Bundle. */
    record Result(JsonNode bundle) {

        /** @return the ids of the entries with search.mode match, in order */
        List<String> ids() {
            List<String> ids = new ArrayList<>();
            for (JsonNode entry : bundle.path("entry")) {
                if (entry.at("/search/mode").asText().equals("match")) {
                    ids.add(entry.at("/resource/id").asText());
                }
            }
            return ids;
        }

        /** @return {@code Type/id} of the entries with the given search.mode, in order */
        List<String> references(String mode) {
            List<String> references = new ArrayList<>();
            for (JsonNode entry : bundle.path("entry")) {
                if (entry.at("/search/mode").asText().equals(mode)) {
                    references.add(entry.at("/resource/resourceType").asText() + "/" + entry.at("/resource/id").asText());
                }
            }
            return references;
        }

        /** @return the link with {@code relation}, or null */
        String link(String relation) {
            for (JsonNode link : bundle.path("link")) {
                if (link.path("relation").asText().equals(relation)) {
                    return link.path("url").asText();
                }
            }
            return null;
        }

        /** @return the OperationOutcome entry (search.mode outcome), or a missing node */
        JsonNode outcome() {
            for (JsonNode entry : bundle.path("entry")) {
                if (entry.at("/search/mode").asText().equals("outcome")) {
                    return entry.path("resource");
                }
            }
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }
}
