package org.openspine.bench;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * A complete HTTP response, body read to its end.
 *
 * @param status the status code
 * @param headers header values by lower-case name; repeated headers are joined with ", "
 * @param body the decoded body (chunked framing removed); empty when there was none
 */
record HttpResponse(int status, Map<String, String> headers, byte[] body) {

    HttpResponse {
        headers = Map.copyOf(headers);
    }

    /** @return the header's value, if present; {@code name} is matched case-insensitively */
    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    boolean successful() {
        return status >= 200 && status < 300;
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
