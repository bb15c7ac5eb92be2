package org.openspine.server;

import org.openspine.platform.http.RequestAccess;
import org.openspine.platform.security.AccessPolicy;
import org.openspine.platform.security.Activity;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.openspine.fhir.store.Reindexer;
import org.openspine.platform.database.Database;
import org.openspine.platform.error.Issue;
import org.openspine.platform.http.HttpRoutes;
import org.openspine.platform.http.OutcomeMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin operation {@code $reindex} at the FHIR base: {@code POST} starts a reindex of every
 * resource in the background (202; a second POST while one runs is 409), {@code GET} reports its
 * progress as a Parameters resource. A run stopped by a shutdown resumes on the next POST.
 */
final class ReindexRoutes implements HttpRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ReindexRoutes.class);
    private static final String PATH = "/fhir/R4/$reindex";

    private final Database database;
    private final Reindexer reindexer;
    private final AtomicReference<Thread> running = new AtomicReference<>();

    private final AccessPolicy policy;

    ReindexRoutes(Database database, Reindexer reindexer, AccessPolicy policy) {
        this.policy = policy;
        this.database = database;
        this.reindexer = reindexer;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(PATH, this::start);
        routes.get(PATH, this::progress);
    }

    private void start(Context ctx) {
        policy.require(RequestAccess.of(ctx), Activity.CONFIGURE);
        Thread thread = Thread.ofVirtual().name("reindex").unstarted(() -> {
            try {
                Reindexer.Progress done = new ReindexRun(database, reindexer).run(false, ReindexRun.DEFAULT_BATCH,
                        progress -> { });
                LOG.info("reindex finished: {} resources", done.total());
            } catch (RuntimeException e) {
                LOG.error("reindex failed: {}", e.getMessage(), e);
            } finally {
                running.set(null);
            }
        });
        if (!running.compareAndSet(null, thread)) {
            ctx.status(409).contentType("application/fhir+json").result(OutcomeMapper.json(List.of(
                    Issue.error("conflict", "a reindex is already running; GET $reindex for its progress"))));
            return;
        }
        thread.start();
        ctx.status(202).contentType("application/fhir+json").header("Content-Location", ctx.url())
                .result(OutcomeMapper.json(List.of(Issue.information("informational",
                        "reindex started; GET $reindex for its progress"))));
    }

    private void progress(Context ctx) {
        policy.require(RequestAccess.of(ctx), Activity.CONFIGURE);
        Reindexer.Progress progress = database.read(reindexer::progress);
        ctx.contentType("application/fhir+json").result("""
                {"resourceType":"Parameters","parameter":[\
                {"name":"running","valueBoolean":%s},\
                {"name":"done","valueBoolean":%s},\
                {"name":"indexed","valueInteger":%d},\
                {"name":"total","valueInteger":%d}]}""".formatted(running.get() != null, progress.done(),
                progress.indexed(), progress.total()));
    }
}
