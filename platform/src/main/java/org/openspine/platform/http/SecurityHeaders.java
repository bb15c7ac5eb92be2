package org.openspine.platform.http;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * The response headers every answer carries, whatever produced it (a route, an error, a 404, a 429),
 * because they are added by Jetty to each request's response before any handler runs (and by
 * {@link JettyErrors} to the answers for requests Jetty refuses before that):
 *
 * <ul>
 * <li>{@code X-Content-Type-Options: nosniff}: browsers take the declared media type, never guess;
 * <li>{@code Content-Security-Policy}: only this origin's own scripts, styles and images, no plugins,
 *     and no framing, which suits both the API and the small server-rendered pages to come;
 * <li>{@code X-Frame-Options: DENY}: no framing, for browsers older than {@code frame-ancestors};
 * <li>{@code Referrer-Policy: no-referrer}: URLs carry identifiers (NHS Numbers in searches) that
 *     must not leak to the next site a user visits;
 * <li>{@code Cache-Control: no-store}: responses carry patient data, which no browser or proxy may
 *     keep; a future static asset may set its own value, replacing this one;
 * <li>{@code Strict-Transport-Security} (a year), only when serving HTTPS.
 * </ul>
 *
 * <p>Jetty's {@code Server} header is switched off separately ({@link HttpServer}): the software
 * version helps only an attacker choosing an exploit.
 */
final class SecurityHeaders implements HttpConfiguration.Customizer {

    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    private static final HttpField NOSNIFF = new HttpField("X-Content-Type-Options", "nosniff");
    private static final HttpField CSP = new HttpField("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    private static final HttpField FRAME = new HttpField("X-Frame-Options", "DENY");
    private static final HttpField REFERRER = new HttpField("Referrer-Policy", "no-referrer");
    private static final HttpField NO_STORE = new HttpField(HttpHeader.CACHE_CONTROL, "no-store");
    private static final HttpField HSTS = new HttpField(HttpHeader.STRICT_TRANSPORT_SECURITY, "max-age=31536000");

    private final boolean https;

    /** @param https whether the connector serves HTTPS, which decides Strict-Transport-Security */
    SecurityHeaders(boolean https) {
        this.https = https;
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        addTo(responseHeaders);
        return request;
    }

    /** Puts the headers into {@code fields}, replacing any of the same name. */
    void addTo(HttpFields.Mutable fields) {
        fields.put(NOSNIFF).put(CSP).put(FRAME).put(REFERRER).put(NO_STORE);
        if (https) {
            fields.put(HSTS);
        }
    }
}
