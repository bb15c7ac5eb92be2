package org.openspine.fhir.rest;

import java.util.List;
import org.openspine.platform.error.Issue;

/**
 * {@code Prefer: return=minimal | representation | OperationOutcome} for writes: no body, the
 * resource (the default), or an OperationOutcome saying what happened.
 */
final class PreferReturn {

    private PreferReturn() {
    }

    /**
     * @param request the write the response answers; a batch or transaction (POST to the base) is
     *                left alone here, because the preference applies to each of its entries instead
     */
    static FhirResponse apply(FhirRequest request, FhirResponse response) {
        if (!(response.payload() instanceof FhirResponse.Json) || response.status() >= 300
                || request.segments().isEmpty()) {
            return response;
        }
        String method = request.method();
        if (!(method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) || request.isRead()) {
            return response;
        }
        String prefer = request.header("Prefer");
        if (prefer == null) {
            return response;
        }
        for (String part : prefer.split("[,;]")) {
            String preference = part.trim();
            if (preference.equalsIgnoreCase("return=minimal")) {
                return response.withPayload(new FhirResponse.Empty());
            }
            if (preference.equalsIgnoreCase("return=OperationOutcome")) {
                String what = response.status() == 201 ? "created" : "updated";
                String location = response.headers().getOrDefault("Location", "");
                return response.withPayload(new FhirResponse.Outcome(List.of(
                        Issue.information("informational", "resource " + what + (location.isEmpty() ? "" : ": " + location)))));
            }
        }
        return response;
    }
}
