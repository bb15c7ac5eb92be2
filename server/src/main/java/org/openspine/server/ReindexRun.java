package org.openspine.server;

import java.util.function.Consumer;
import org.openspine.fhir.store.Reindexer;
import org.openspine.platform.database.Database;

/**
 * Drives a {@link Reindexer} to the end, one committed batch per transaction, reporting progress.
 * A run interrupted (stopped, crashed) resumes from its last committed batch next time, unless
 * restarted.
 */
final class ReindexRun {

    /** Resources per batch: big enough to amortise round trips, small enough to hold few row locks. */
    static final int DEFAULT_BATCH = 500;

    private final Database database;
    private final Reindexer reindexer;

    ReindexRun(Database database, Reindexer reindexer) {
        this.database = database;
        this.reindexer = reindexer;
    }

    /**
     * @param restart start from the first resource even if an earlier run stopped part way
     * @param report  called after each batch with the position (for progress output)
     * @return the final progress
     */
    Reindexer.Progress run(boolean restart, int batch, Consumer<Reindexer.Progress> report) {
        Reindexer.Progress progress = database.read(reindexer::progress);
        if (restart || progress.done()) {
            database.inTransaction(connection -> {
                reindexer.restart(connection);
                return null;
            });
        }
        while (true) {
            int done = database.inTransaction(connection -> reindexer.next(connection, batch));
            progress = database.read(reindexer::progress);
            report.accept(progress);
            if (done == 0 || Thread.currentThread().isInterrupted()) {
                return progress;
            }
        }
    }
}
