package org.openspine.bench;

/** What one operation of a scenario came to: success (with the resources it wrote) or a counted failure. */
sealed interface Outcome {

    /** @param resources how many resources the operation wrote (ingest); 0 where that is not measured */
    record Success(int resources) implements Outcome {
    }

    /** @param reason a short, groupable cause such as {@code HTTP 412} or {@code ConnectException} */
    record Failure(String reason) implements Outcome {
    }

    /** @return success for a 2xx response, otherwise a failure naming the status */
    static Outcome of(HttpResponse response, int resources) {
        return response.successful() ? new Success(resources) : new Failure("HTTP " + response.status());
    }
}
