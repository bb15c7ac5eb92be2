package org.openspine.exchange.assurance;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.model.MediaType;
import org.openspine.platform.error.Issue;
import org.openspine.platform.error.OpenSpineException;

/**
 * A payload read as a FHIR R4 resource, strictly, as the FHIR API reads a request body: a letter that would
 * be refused by {@code POST /fhir/R4} is refused at send too, with the parser's own words for why.
 */
final class FhirPayload {

    /** Issues quoted in a refusal at most; the rest are counted. */
    private static final int QUOTED_ISSUES = 3;
    /** A refusal quotes at most this much of the parser's words. */
    private static final int MAX_QUOTED = 400;

    private FhirPayload() {
    }

    /**
     * @param payload JSON or XML ({@link PayloadFormat#FHIR_JSON} or {@link PayloadFormat#FHIR_XML})
     * @return the Bundle, or what is wrong: not parseable, or another resource type
     */
    static Read bundle(FhirCodec codec, byte[] payload, PayloadFormat format) {
        MediaType type = format == PayloadFormat.FHIR_XML ? MediaType.XML : MediaType.JSON;
        IBaseResource resource;
        try {
            resource = codec.parseStrict(PayloadFormat.withoutBom(payload), type);
        } catch (OpenSpineException e) {
            return new Read.Problem("this payload is not valid FHIR " + type.name() + ": " + describe(e.issues()));
        }
        if (!(resource instanceof Bundle bundle)) {
            return new Read.Problem("this payload is a FHIR " + resource.fhirType() + ", not a Bundle");
        }
        return new Read.Parsed(bundle);
    }

    private static String describe(List<Issue> issues) {
        String quoted = issues.stream().limit(QUOTED_ISSUES)
                .map(issue -> issue.expression() == null ? issue.diagnostics() : issue.diagnostics() + " (at "
                        + issue.expression() + ")")
                .collect(Collectors.joining("; "));
        if (quoted.length() > MAX_QUOTED) {
            quoted = quoted.substring(0, MAX_QUOTED) + "...";
        }
        return issues.size() > QUOTED_ISSUES ? quoted + "; and " + (issues.size() - QUOTED_ISSUES) + " more" : quoted;
    }

    /** A payload read as a Bundle, or why it is not one. */
    sealed interface Read {

        /** The payload is a Bundle. */
        record Parsed(Bundle bundle) implements Read {
            public Parsed {
                Objects.requireNonNull(bundle, "bundle");
            }
        }

        /** It is not: {@code problem} says why, to follow "the workflow needs ...; ". */
        record Problem(String problem) implements Read {
            public Problem {
                Objects.requireNonNull(problem, "problem");
            }
        }
    }
}
