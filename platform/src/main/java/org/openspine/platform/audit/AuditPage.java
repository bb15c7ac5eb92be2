package org.openspine.platform.audit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of audit events, newest first.
 *
 * @param entries the events
 * @param next    the cursor for the next (older) page, to pass as {@link AuditQuery#after}; empty on the last page
 */
public record AuditPage(List<AuditEntry> entries, Optional<String> next) {

    public AuditPage {
        entries = List.copyOf(entries);
        Objects.requireNonNull(next, "next");
    }
}
