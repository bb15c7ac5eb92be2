package org.openspine.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openspine.platform.error.HttpStatusOf;
import org.openspine.platform.error.Issue;
import org.openspine.platform.error.OpenSpineException;

class OutcomeMapperTest {

    private final List<Issue> issues = List.of(Issue.error("value", "bad <value> & \"quote\"", "Patient.birthDate"),
            Issue.warning("not-supported", "ignored"));

    @Test
    void jsonOutcomeListsEveryIssueWithItsExpression() {
        assertThat(OutcomeMapper.json(issues)).isEqualTo("{\"resourceType\":\"OperationOutcome\",\"issue\":["
                + "{\"severity\":\"error\",\"code\":\"value\",\"diagnostics\":\"bad <value> & \\\"quote\\\"\","
                + "\"expression\":[\"Patient.birthDate\"]},"
                + "{\"severity\":\"warning\",\"code\":\"not-supported\",\"diagnostics\":\"ignored\"}]}");
    }

    @Test
    void xmlOutcomeEscapesMarkup() {
        assertThat(OutcomeMapper.xml(issues)).isEqualTo("<OperationOutcome xmlns=\"http://hl7.org/fhir\">"
                + "<issue><severity value=\"error\"/><code value=\"value\"/>"
                + "<diagnostics value=\"bad &lt;value&gt; &amp; &quot;quote&quot;\"/>"
                + "<expression value=\"Patient.birthDate\"/></issue>"
                + "<issue><severity value=\"warning\"/><code value=\"not-supported\"/><diagnostics value=\"ignored\"/></issue>"
                + "</OperationOutcome>");
    }

    @Test
    void eachFailureCategoryHasItsStatus() {
        assertThat(HttpStatusOf.status(new OpenSpineException.Invalid("invalid", "x"))).isEqualTo(400);
        assertThat(HttpStatusOf.status(new OpenSpineException.NotFound("x"))).isEqualTo(404);
        assertThat(HttpStatusOf.status(new OpenSpineException.Gone("x"))).isEqualTo(410);
        assertThat(HttpStatusOf.status(new OpenSpineException.Conflict("x"))).isEqualTo(409);
        assertThat(HttpStatusOf.status(new OpenSpineException.PreconditionFailed("x"))).isEqualTo(412);
        assertThat(HttpStatusOf.status(new OpenSpineException.Unprocessable("value", "x"))).isEqualTo(422);
        assertThat(HttpStatusOf.status(new OpenSpineException.TooLarge("x"))).isEqualTo(413);
        assertThat(HttpStatusOf.status(new OpenSpineException.UnsupportedMediaType("x"))).isEqualTo(415);
        assertThat(HttpStatusOf.status(new OpenSpineException.Unavailable("x", null))).isEqualTo(503);
    }
}
