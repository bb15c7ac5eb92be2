package org.openspine.platform.http;

import io.javalin.http.Context;
import java.util.Optional;
import org.openspine.platform.audit.AuditRecord;
import org.openspine.platform.audit.AuditSubtype;
import org.openspine.platform.security.Access;

/**
 * What the audit trail keeps of the HTTP request behind an event: method, path with query, the
 * client's address and the request id it sent ({@code X-Request-ID}, else {@code X-Correlation-ID}),
 * by which the request is found in logs and in the client's own records.
 *
 * @param method    e.g. {@code GET}
 * @param target    path and query as received
 * @param address   the client's network address
 * @param requestId the client's request or correlation id, when it sent one
 */
public record AuditedRequest(String method, String target, String address, Optional<String> requestId) {

    /** @return the request of {@code ctx} */
    public static AuditedRequest of(Context ctx) {
        String query = ctx.queryString();
        String requestId = ctx.header("X-Request-ID");
        return new AuditedRequest(ctx.method().name(), query == null ? ctx.path() : ctx.path() + "?" + query, ctx.ip(),
                Optional.ofNullable(requestId != null ? requestId : ctx.header("X-Correlation-ID")));
    }

    /** @return the start of a record of what {@code access} did in this request */
    public AuditRecord.Builder record(Access access, AuditSubtype subtype) {
        return describe(AuditRecord.of(access, subtype));
    }

    /** @return the start of a record of a security event of this request, which nobody could be established for */
    public AuditRecord.Builder unauthenticated(AuditSubtype subtype) {
        return describe(AuditRecord.unauthenticated(subtype));
    }

    private AuditRecord.Builder describe(AuditRecord.Builder builder) {
        builder.request(method, target).sourceAddress(address);
        requestId.ifPresent(builder::requestId);
        return builder;
    }
}
