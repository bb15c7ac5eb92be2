package org.openspine.server.demo;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.openspine.exchange.mailbox.Mailbox;
import org.openspine.exchange.mailbox.Mailboxes;
import org.openspine.platform.database.Database;

/**
 * The demo's MESH mailboxes: {@code X26ABC1} (the demo GP practice A81001) and {@code X26ABC2} (the demo hospital
 * trust RX1), as in the public MESH sandbox, so clients configured for the sandbox work unchanged (which is why
 * auto-filing leaves {@code X26ABC1} alone: a client testing against it expects its letters to wait in the inbox);
 * and one per demo organisation, {@code <ODS code>001}, taking the clinical letter and pathology workflows. Every demo password is
 * the sandbox's, {@value #PASSWORD}: demo data, not a secret. A mailbox already there is left as it is, so an
 * administrator's changes survive restarts.
 */
public final class DemoMailboxes {

    /** The public MESH sandbox's mailbox password. */
    public static final String PASSWORD = "password";
    /** The workflows the organisations' mailboxes take. */
    static final Set<String> CLINICAL_WORKFLOWS = Set.of("TOC_FHIR_IP_DISCH", "TOC_FHIR_OP_ATTEN", "TOC_FHIR_EC_DISCH",
            "GPFED_CONSULT_REPORT", "PATH_MEDRPT_V3");
    private static final List<String[]> ORGANISATIONS = List.of(
            new String[] {"A81001", "Kirkstall Lane Medical Centre"}, new String[] {"A81002", "Manningham Health Centre"},
            new String[] {"A81003", "Westgate Surgery"}, new String[] {"A81004", "Lindley Village Practice"},
            new String[] {"A81005", "Old Mill Surgery"}, new String[] {"RX1", "West Riding Teaching Hospitals NHS Trust"},
            new String[] {"FA001", "High Street Pharmacy"}, new String[] {"VN0A1", "Moorside Care Home"});

    private DemoMailboxes() {
    }

    /** @return how many mailboxes were added */
    public static int seed(Database database, Mailboxes mailboxes, Clock clock) {
        return database.inTransaction(connection -> {
            int added = 0;
            added += add(connection, mailboxes, new Mailbox("X26ABC1", "A81001", "MESH sandbox mailbox 1 (Kirkstall Lane)",
                    true, false), Set.of(), clock);
            added += add(connection, mailboxes, new Mailbox("X26ABC2", "RX1", "MESH sandbox mailbox 2 (West Riding)", true),
                    Set.of(), clock);
            for (String[] organisation : ORGANISATIONS) {
                added += add(connection, mailboxes, new Mailbox(organisation[0] + "001", organisation[0],
                        organisation[1] + " clinical correspondence", true), CLINICAL_WORKFLOWS, clock);
            }
            return added;
        });
    }

    private static int add(java.sql.Connection connection, Mailboxes mailboxes, Mailbox mailbox, Set<String> workflows,
            Clock clock) throws java.sql.SQLException {
        if (mailboxes.find(connection, mailbox.id()).isPresent()) {
            return 0;
        }
        mailboxes.save(connection, mailbox, PASSWORD, workflows, clock.instant());
        return 1;
    }
}
