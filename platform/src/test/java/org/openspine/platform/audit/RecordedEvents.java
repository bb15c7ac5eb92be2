package org.openspine.platform.audit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Security events kept in memory, for tests of what is recorded (the trail itself is tested on PostgreSQL). */
public final class RecordedEvents implements SecurityEvents {

    private final List<AuditRecord> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(AuditRecord event) {
        events.add(event);
    }

    /** @return the events recorded so far, oldest first */
    public List<AuditRecord> all() {
        return List.copyOf(events);
    }

    /** @return those of {@code subtype} */
    public List<AuditRecord> of(AuditSubtype subtype) {
        return events.stream().filter(e -> e.subtype() == subtype).toList();
    }
}
