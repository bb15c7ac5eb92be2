package org.openspine.bench;

import java.util.List;
import java.util.Objects;

/**
 * One HTTP/1.1 request as the bench sends it.
 *
 * @param method e.g. GET
 * @param target the request-target, an absolute path such as {@code /fhir/R4/Patient/1}
 * @param headers extra header lines beyond those the connection always sends (Host, Content-Length)
 * @param body the body, empty for none; sent with Content-Length
 */
record HttpRequest(String method, String target, List<Header> headers, byte[] body) {

    HttpRequest {
        Objects.requireNonNull(method, "method");
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("bench: request-target must start with '/': " + target);
        }
        headers = List.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /** A header line; the name is sent as given. */
    record Header(String name, String value) {
        Header {
            if (name.isBlank() || (name + value).contains("\r") || (name + value).contains("\n")) {
                throw new IllegalArgumentException("bench: invalid header " + name);
            }
        }
    }
}
