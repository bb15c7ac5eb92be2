package org.openspine.server;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.openspine.platform.http.TestHttp;
import org.openspine.platform.database.TestDatabase;

/**
 * A seeded demo server (demo users on) listening on a free port, in a data directory of its own, for HTTP
 * tests: one per test class, closed after it.
 */
final class DemoServer implements AutoCloseable {

    private final OpenSpine openSpine;

    private DemoServer(OpenSpine openSpine) {
        this.openSpine = openSpine;
    }

    /** Starts and seeds a demo server whose data directory's name starts with {@code name}. */
    static DemoServer start(String name) {
        ServerConfig config = ServerConfig.parse(List.of("--port", "0", "--demo", "--data-dir",
                TestDatabase.freshDirectory(name).toString()), Map.of());
        OpenSpine openSpine = OpenSpine.start(config, Clock.systemUTC());
        DemoSeed.run(openSpine);
        return new DemoServer(openSpine);
    }

    OpenSpine openSpine() {
        return openSpine;
    }

    /** @return the server's base URL, e.g. {@code http://127.0.0.1:41234} */
    String base() {
        return "http://127.0.0.1:" + openSpine.port();
    }

    /** @return a client signed in as the demo user {@code user} */
    TestHttp as(String user) {
        return ServerTokens.signedIn(base(), user);
    }

    @Override
    public void close() {
        openSpine.close();
    }
}
