package org.openspine.exchange.mesh;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.openspine.exchange.mailbox.Mailbox;
import org.openspine.exchange.mailbox.Mailboxes;
import org.openspine.exchange.mailbox.PasswordSeal;
import org.openspine.exchange.message.ExchangeSettings;
import org.openspine.exchange.message.Expiry;
import org.openspine.exchange.message.Inbox;
import org.openspine.exchange.message.Outbox;
import org.openspine.exchange.message.PayloadAssurance;
import org.openspine.platform.audit.RecordedEvents;
import org.openspine.platform.database.Database;
import org.openspine.platform.database.TestDatabase;
import org.openspine.platform.http.HttpConfig;
import org.openspine.platform.http.HttpServer;
import org.openspine.platform.http.TestHttp;
import org.openspine.platform.security.token.TestClock;
import org.openspine.platform.security.token.TestTokens;

/**
 * The MESH API on a real HTTP server over the shared test database, with its own mailboxes (fresh ids per
 * server, so test classes do not see each other's messages) and a clock tests move.
 */
final class MeshTestServer implements AutoCloseable {

    static final String SHARED_KEY = "TestKey";
    static final String PASSWORD = "password";
    private static final AtomicInteger SERVERS = new AtomicInteger();

    final Database database = TestDatabase.shared();
    final TestClock clock = new TestClock(Instant.parse("2026-11-21T09:00:00Z"));
    final Mailboxes mailboxes = new Mailboxes(PasswordSeal.ephemeral());
    final ExchangeSettings settings;
    final Expiry expiry;
    /** The messages the MESH API said arrived in an inbox, in order. */
    final List<String> arrivals = new CopyOnWriteArrayList<>();
    private final HttpServer http;
    private final String prefix;

    MeshTestServer(ExchangeSettings settings, PayloadAssurance assurance) {
        this.settings = settings;
        this.expiry = new Expiry(settings, clock);
        this.prefix = "T" + Integer.toString(SERVERS.incrementAndGet(), 36).toUpperCase(Locale.ROOT)
                + UUID.randomUUID().toString().substring(0, 4).toUpperCase(Locale.ROOT).replace("-", "0");
        MeshMailboxes meshMailboxes = new MeshMailboxes(database, mailboxes, clock);
        MeshRoutes routes = new MeshRoutes(database, meshMailboxes, new Outbox(mailboxes, assurance, settings, clock),
                new Inbox(clock), arrivals::add);
        http = HttpServer.start(new HttpConfig("127.0.0.1", 0, 1 << 20),
                new MeshAuthentication(TestTokens.authentication(), database, meshMailboxes, SHARED_KEY, clock),
                new RecordedEvents(), List.of(routes));
    }

    /** @return a new active mailbox of the organisation, taking the workflows (any when none) */
    String mailbox(String odsCode, String... workflows) {
        String id = prefix + "M" + SERVERS.incrementAndGet();
        database.inTransaction(connection -> {
            mailboxes.save(connection, new Mailbox(id, odsCode, "Mailbox " + id, true), PASSWORD, Set.of(workflows),
                    clock.instant());
            return null;
        });
        return id;
    }

    /** @return an HTTP client for the server, with no credentials */
    TestHttp http() {
        return new TestHttp("http://127.0.0.1:" + http.port());
    }

    /** @return a fresh NHSMESH header for the mailbox, signed now */
    String sign(String mailboxId) {
        return NhsMeshToken.header(mailboxId, PASSWORD, SHARED_KEY, UUID.randomUUID().toString(), "1", clock.instant());
    }

    @Override
    public void close() {
        http.close();
    }
}
