package org.openspine.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openspine.fhir.rest.Fixtures.BASE;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openspine.platform.http.TestHttp;

/**
 * What a search answers besides which resources match: order ({@code _sort}), pages ({@code _count},
 * next and previous links), totals ({@code _total}, {@code _summary=count}), reduced entries
 * ({@code _summary}, {@code _elements}), POST {@code _search}, the handling of parameters the server
 * does not support (ignored and reported, or refused under {@code Prefer: handling=strict}), and the
 * 400 with an OperationOutcome that every malformed search gets instead of a 5xx.
 */
class SearchResultsIT {

    private final TaggedSearch s = new TaggedSearch();

    private String patient(String body) {
        return s.create("{\"resourceType\":\"Patient\"," + body + "}");
    }

    @Test
    void sortOrdersByEachKeyInTurnWithResourcesLackingAValueLast() throws InterruptedException {
        String adams = patient("\"name\":[{\"family\":\"Adams\",\"given\":[\"Zed\"]}],\"gender\":\"male\",\"birthDate\":\"1980-05-01\"");
        Thread.sleep(2); // distinct lastUpdated times
        String baker = patient("\"name\":[{\"family\":\"Baker\",\"given\":[\"Amy\"]}],\"gender\":\"female\",\"birthDate\":\"1975-01-01\"");
        Thread.sleep(2);
        String lowerAdams = patient("\"name\":[{\"family\":\"adams\",\"given\":[\"Amy\"]}],\"gender\":\"female\",\"birthDate\":\"1990-12-31\"");
        Thread.sleep(2);
        String noFamily = patient("\"name\":[{\"given\":[\"Bob\"]}],\"gender\":\"other\"");

        assertThat(s.ids("Patient", "_sort=family")).containsExactly(adams, lowerAdams, baker, noFamily);
        assertThat(s.ids("Patient", "_sort=-family")).containsExactly(baker, adams, lowerAdams, noFamily);
        assertThat(s.ids("Patient", "_sort=family,-birthdate")).containsExactly(lowerAdams, adams, baker, noFamily);
        assertThat(s.ids("Patient", "_sort=birthdate")).containsExactly(baker, adams, lowerAdams, noFamily);
        assertThat(s.ids("Patient", "_sort=-birthdate")).containsExactly(lowerAdams, adams, baker, noFamily);
        assertThat(s.ids("Patient", "_sort=gender")).containsExactly(baker, lowerAdams, adams, noFamily);
        assertThat(s.ids("Patient", "_sort=gender,-birthdate")).containsExactly(lowerAdams, baker, adams, noFamily);
        assertThat(s.ids("Patient", "_sort=given,birthdate")).containsExactly(baker, lowerAdams, noFamily, adams);
        assertThat(s.ids("Patient", "_sort=_lastUpdated")).containsExactly(adams, baker, lowerAdams, noFamily);
        assertThat(s.ids("Patient", "_sort=-_lastUpdated")).containsExactly(noFamily, lowerAdams, baker, adams);
        List<String> byId = new ArrayList<>(List.of(adams, baker, lowerAdams, noFamily));
        byId.sort(null);
        assertThat(s.ids("Patient", "_sort=_id")).containsExactlyElementsOf(byId);
        assertThat(s.ids("Patient", "_sort=-_id")).containsExactlyElementsOf(byId.reversed());
    }

    @Test
    void anUpdateIsSearchedByItsNewValuesAndADeletedResourceIsFoundNoMore() {
        String renamed = patient("\"name\":[{\"family\":\"Before\"}]");
        String deleted = patient("\"name\":[{\"family\":\"Gone\"}]");
        String aboutDeleted = s.create("""
                {"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/%s"}}"""
                .formatted(deleted));
        String deletedObservation = s.create("""
                {"resourceType":"Observation","status":"final","code":{"text":"y"},"subject":{"reference":"Patient/%s"}}"""
                .formatted(renamed));

        s.update(renamed, "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"After\"}]}");
        assertThat(s.http().delete(BASE + "/Patient/" + deleted).status()).isEqualTo(204);
        assertThat(s.http().delete(BASE + "/Observation/" + deletedObservation).status()).isEqualTo(204);

        assertThat(s.ids("Patient", "family=before")).isEmpty();
        assertThat(s.ids("Patient", "family=after")).containsExactly(renamed);
        assertThat(s.ids("Patient", "family=gone")).isEmpty();
        assertThat(s.ids("Patient", "_id=" + deleted)).isEmpty();
        assertThat(s.ids("Patient")).containsExactly(renamed);
        assertThat(s.ids("Observation", "subject:Patient.name=gone")).isEmpty();
        TaggedSearch.Result included = s.search("Observation", "_include=Observation:subject");
        assertThat(included.ids()).containsExactly(aboutDeleted);
        assertThat(included.references("include")).isEmpty();
        assertThat(s.search("Patient", "_revinclude=Observation:subject").references("include")).isEmpty();
        assertThat(s.ids("Patient", "_has:Observation:subject:code:text=y")).isEmpty();
    }

    private List<String> sevenFamilies() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            ids.add(patient("\"name\":[{\"family\":\"Page%02d\"}]".formatted(i)));
        }
        return ids;
    }

    @Test
    void nextAndPreviousLinksWalkThePagesEachWithExactlyItsShare() {
        List<String> p = sevenFamilies();

        TaggedSearch.Result first = s.search("Patient", "_sort=-family", "_count=3");
        TaggedSearch.Result second = follow(first.link("next"));
        TaggedSearch.Result third = follow(second.link("next"));
        TaggedSearch.Result secondAgain = follow(third.link("previous"));
        TaggedSearch.Result firstAgain = follow(secondAgain.link("previous"));

        assertThat(first.ids()).containsExactly(p.get(6), p.get(5), p.get(4));
        assertThat(first.link("previous")).isNull();
        assertThat(second.ids()).containsExactly(p.get(3), p.get(2), p.get(1));
        assertThat(third.ids()).containsExactly(p.get(0));
        assertThat(third.link("next")).isNull();
        assertThat(secondAgain.ids()).containsExactly(p.get(3), p.get(2), p.get(1));
        assertThat(secondAgain.link("next")).isNotNull();
        assertThat(firstAgain.ids()).containsExactly(p.get(6), p.get(5), p.get(4));
        assertThat(firstAgain.link("previous")).isNull();
        assertThat(follow(firstAgain.link("next")).ids()).containsExactly(p.get(3), p.get(2), p.get(1));
        assertThat(first.link("self")).contains("_count=3").contains("_sort=-family").doesNotContain("_cursor");
    }

    @Test
    void withoutSortPagesFollowCreationOrder() {
        List<String> p = sevenFamilies();

        TaggedSearch.Result first = s.search("Patient", "_count=4");
        TaggedSearch.Result second = follow(first.link("next"));

        assertThat(first.ids()).containsExactly(p.get(0), p.get(1), p.get(2), p.get(3));
        assertThat(second.ids()).containsExactly(p.get(4), p.get(5), p.get(6));
        assertThat(second.link("next")).isNull();
        assertThat(s.ids("Patient", "_count=7")).containsExactlyElementsOf(p);
        assertThat(s.ids("Patient", "_count=1")).containsExactly(p.get(0));
    }

    @Test
    void totalIsExactWhenAccurateANumberWhenEstimatedAndAbsentWhenNone() {
        sevenFamilies();

        JsonNode accurate = s.search("Patient", "_count=2", "_total=accurate").bundle();
        JsonNode estimate = s.search("Patient", "_count=2", "_total=estimate").bundle();
        JsonNode none = s.search("Patient", "_count=2", "_total=none").bundle();
        JsonNode unasked = s.search("Patient", "_count=2").bundle();
        JsonNode onePage = s.search("Patient", "_count=10").bundle();

        assertThat(accurate.get("total").asInt()).isEqualTo(7);
        assertThat(accurate.get("entry")).hasSize(2);
        assertThat(estimate.get("total").isIntegralNumber()).isTrue();
        assertThat(estimate.get("total").asLong()).isNotNegative();
        assertThat(none.has("total")).isFalse();
        assertThat(unasked.has("total")).isFalse();
        assertThat(onePage.get("total").asInt()).isEqualTo(7);
        assertThat(s.search("Patient", "family=page0", "_count=2", "_total=accurate").bundle().get("total").asInt())
                .isEqualTo(7);
        assertThat(s.search("Patient", "family=page01", "_total=accurate").bundle().get("total").asInt()).isEqualTo(1);
    }

    @Test
    void summaryCountAndCountZeroGiveTheTotalAlone() {
        sevenFamilies();

        JsonNode summary = s.search("Patient", "_summary=count").bundle();
        JsonNode zero = s.search("Patient", "_count=0", "family=page00").bundle();

        assertThat(summary.get("total").asInt()).isEqualTo(7);
        assertThat(summary.has("entry")).isFalse();
        assertThat(zero.get("total").asInt()).isZero();
        assertThat(zero.has("entry")).isFalse();
    }

    @Test
    void summaryAndElementsReduceEachEntry() {
        String id = patient("""
                "name":[{"family":"Summarised"}],"gender":"female","maritalStatus":{"text":"Married"},
                "communication":[{"language":{"text":"Welsh"}}]""");

        JsonNode full = s.search("Patient").bundle().at("/entry/0/resource");
        JsonNode summary = s.search("Patient", "_summary=true").bundle();
        JsonNode elements = s.search("Patient", "_elements=gender").bundle();

        assertThat(full.has("maritalStatus")).isTrue();
        assertThat(summary.get("entry")).hasSize(1);
        JsonNode summarised = summary.at("/entry/0/resource");
        assertThat(summarised.get("id").asText()).isEqualTo(id);
        assertThat(summarised.at("/name/0/family").asText()).isEqualTo("Summarised");
        assertThat(summarised.has("maritalStatus")).isFalse();
        assertThat(summarised.has("communication")).isFalse();
        JsonNode reduced = elements.at("/entry/0/resource");
        assertThat(reduced.get("id").asText()).isEqualTo(id);
        assertThat(reduced.get("gender").asText()).isEqualTo("female");
        assertThat(reduced.has("name")).isFalse();
        assertThat(reduced.has("maritalStatus")).isFalse();
        assertThat(elements.at("/entry/0/search/mode").asText()).isEqualTo("match");
    }

    @Test
    void postSearchWithAFormBodyGivesTheSameResultAsGet() {
        List<String> p = sevenFamilies();
        String[] params = s.withTag("family=page0", "_sort=-family", "_count=2");

        TestHttp.Response post = s.http().request("POST", BASE + "/Patient/_search")
                .header("Content-Type", "application/x-www-form-urlencoded").body(TaggedSearch.form(params)).send();
        TestHttp.Response mixed = s.http().request("POST", TaggedSearch.url("Patient/_search", "_count=2"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(TaggedSearch.form(s.withTag("family=page0", "_sort=-family"))).send();

        assertThat(post.status()).as("%s", post).isEqualTo(200);
        TaggedSearch.Result posted = new TaggedSearch.Result(post.json());
        assertThat(posted.ids()).containsExactly(p.get(6), p.get(5)).isEqualTo(s.ids("Patient", params));
        assertThat(follow(posted.link("next")).ids()).containsExactly(p.get(4), p.get(3));
        assertThat(new TaggedSearch.Result(mixed.json()).ids()).containsExactly(p.get(6), p.get(5));
    }

    @Test
    void unknownAndUnsupportedParametersAreIgnoredAndReportedInAnOutcomeEntry() {
        String adams = patient("\"name\":[{\"family\":\"Adams\"}]");
        patient("\"name\":[{\"family\":\"Baker\"}]");

        TaggedSearch.Result unknown = s.search("Patient", "favourite-colour=blue", "family=adams");
        TaggedSearch.Result text = s.search("Patient", "_text=adams");
        TaggedSearch.Result contained = s.search("Patient", "_contained=true", "family=adams");
        TaggedSearch.Result near = s.search("Location", "near=42.25|-83.69|10|km");
        TaggedSearch.Result below = s.search("Patient", "gender:below=female", "family=adams");

        assertThat(unknown.ids()).containsExactly(adams);
        assertThat(unknown.outcome()).isEqualTo(warning(
                "search parameter 'favourite-colour' is not defined for Patient; it was ignored"));
        assertThat(text.ids()).hasSize(2);
        assertThat(text.outcome()).isEqualTo(warning("search parameter '_text' is not supported; it was ignored"));
        assertThat(contained.ids()).containsExactly(adams);
        assertThat(contained.outcome()).isEqualTo(warning(
                "_contained=true is not supported: contained resources are not indexed; it was ignored"));
        assertThat(near.outcome()).isEqualTo(warning(
                "search parameter 'near' (special) is not supported; it was ignored"));
        assertThat(below.ids()).containsExactly(adams);
        assertThat(below.outcome()).isEqualTo(warning(
                "modifier :below on token parameter 'gender:below' is not supported; it was ignored"));
        assertThat(unknown.bundle().at("/entry/1/search/mode").asText()).isEqualTo("outcome");
    }

    @Test
    void underStrictHandlingAnUnknownOrUnsupportedParameterIsRefused() {
        TaggedSearch.assertRefused(strict("Patient", "favourite-colour=blue"), "not-supported",
                "search parameter 'favourite-colour' is not defined for Patient (Prefer: handling=strict)");
        TaggedSearch.assertRefused(strict("Patient", "_text=adams"), "not-supported",
                "search parameter '_text' is not supported (Prefer: handling=strict)");
        TaggedSearch.assertRefused(strict("Patient", "_contained=true"), "not-supported",
                "_contained=true is not supported: contained resources are not indexed (Prefer: handling=strict)");
        TaggedSearch.assertRefused(strict("Location", "near=42.25|-83.69|10|km"), "not-supported",
                "search parameter 'near' (special) is not supported (Prefer: handling=strict)");
        TaggedSearch.assertRefused(strict("Organization", "partof:above=Organization/1"), "not-supported",
                "modifier :above on reference parameter 'partof:above' is not supported (Prefer: handling=strict)");
        assertThat(strict("Patient", "family=adams").status()).isEqualTo(200);
    }

    static Stream<Arguments> malformedSearches() {
        return Stream.of(
                refused("an impossible date", "Patient", "birthdate=2020-13-01",
                        "search parameter 'birthdate': '2020-13-01' is not a valid date: Invalid value for MonthOfYear"
                                + " (valid values 1 - 12): 13"),
                refused("an unknown prefix", "Patient", "birthdate=xx2020",
                        "search parameter 'birthdate': 'xx2020' has an unknown prefix 'xx' (expected eq, ne, gt, lt, ge,"
                                + " le, sa, eb or ap)"),
                refused("a quantity with one bar", "Observation", "value-quantity=5.4|mg",
                        "search parameter 'value-quantity': '5.4|mg' is not a quantity (expected number,"
                                + " number|system|code or number||code)"),
                refused("a chain to a parameter no target has", "Observation", "subject:Patient.nonsense=x",
                        "chain 'subject:Patient.nonsense': no target type of 'subject' has a parameter 'nonsense'"),
                refused("an unknown modifier", "Patient", "name:fuzzy=x",
                        "search parameter name 'name:fuzzy' has an unknown modifier ':fuzzy' (expected missing, exact,"
                                + " contains, text, not, above, below, in, not-in, of-type, identifier or a resource type)"),
                refused("a modifier of another parameter type", "Patient", "gender:exact=female",
                        "modifier :exact does not apply to token parameter 'gender:exact'"),
                refused("missing neither true nor false", "Patient", "name:missing=maybe",
                        "name:missing must be true or false, was 'maybe'"),
                refused("a negative count", "Patient", "_count=-1",
                        "_count must be an integer from 0 to 1000, was '-1'"),
                refused("a count over the maximum", "Patient", "_count=1001",
                        "_count must be an integer from 0 to 1000, was '1001'"),
                refused("a sort by no parameter", "Patient", "_sort=nonsense",
                        "_sort: search parameter 'nonsense' is not defined for Patient"),
                refused("an unknown total", "Patient", "_total=sometimes",
                        "_total must be none, estimate or accurate, was 'sometimes'"),
                refused("an include of an unknown type", "Patient", "_include=Nonsense:subject",
                        "_include must be Type:parameter or Type:parameter:TargetType, was 'Nonsense:subject'"),
                refused("an empty value", "Patient", "family=",
                        "search parameter 'family': '' is empty; a search value is needed"),
                refused("a reference to an unknown type", "Observation", "subject=Nonsense/1",
                        "search parameter 'subject': 'Nonsense/1' names 'Nonsense', which is not a resource type"),
                refused("a composite with one part", "Observation", "code-value-quantity=8480-6",
                        "search parameter 'code-value-quantity': '8480-6' is not a composite value (expected two or"
                                + " more non-empty parts joined by '$')"),
                refused("an _id no resource could have", "Patient", "_id=a_b",
                        "search parameter '_id': 'a_b' is not a valid id (1-64 of A-Z a-z 0-9 - .)"),
                refused("a value with a NUL character", "Patient", "family=a\u0000b",
                        "search parameter 'family': 'a\\u0000b' has a control character"),
                refused("a cursor that is not one", "Patient", "_cursor=not-a-cursor",
                        "_cursor 'not-a-cursor' is not a page position of this search; follow the links the server"
                                + " returned"));
    }

    private static Arguments refused(String description, String type, String param, String diagnostics) {
        return Arguments.of(Named.of(description, type), param, diagnostics);
    }

    @ParameterizedTest(name = "{0} is refused with 400")
    @MethodSource("malformedSearches")
    void aMalformedSearchIsRefusedWith400AndAnOutcome(String type, String param, String diagnostics) {
        TaggedSearch.assertRefused(s.get(type, param), "invalid", diagnostics);
    }

    @Test
    void aForgedCursorWhoseKeysAreNotOfTheSortedTypeIsRefusedNot500() {
        patient("\"birthDate\":\"1980-01-01\"");
        String forgedDate = cursor("a42\u001fnot-a-date");
        String forgedNumber = cursor("a42\u001fnot-a-number");
        String wrongKeyCount = cursor("a42\u001fx\u001fy");

        assertNotAPosition(s.get("Patient", "_sort=birthdate", "_cursor=" + forgedDate), forgedDate);
        assertNotAPosition(s.get("RiskAssessment", "_sort=probability", "_cursor=" + forgedNumber), forgedNumber);
        assertNotAPosition(s.get("Patient", "_sort=-_lastUpdated", "_cursor=" + forgedDate), forgedDate);
        assertNotAPosition(s.get("Patient", "_sort=birthdate", "_cursor=" + wrongKeyCount), wrongKeyCount);
    }

    private static void assertNotAPosition(TestHttp.Response response, String cursor) {
        TaggedSearch.assertRefused(response, "invalid", "_cursor '" + cursor + "' is not a page position of this"
                + " search; follow the links the server returned");
    }

    private static String cursor(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private TestHttp.Response strict(String type, String param) {
        return s.http().request("GET", TaggedSearch.url(type, s.withTag(param))).header("Prefer", "handling=strict")
                .send();
    }

    private TaggedSearch.Result follow(String link) {
        assertThat(link).as("a link to follow").isNotNull();
        TestHttp.Response response = s.http().get(link);
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return new TaggedSearch.Result(response.json());
    }

    private static JsonNode warning(String diagnostics) {
        return TaggedSearch.outcome("warning", "not-supported", diagnostics);
    }
}
