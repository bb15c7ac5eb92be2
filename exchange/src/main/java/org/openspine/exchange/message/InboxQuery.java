package org.openspine.exchange.message;

import java.util.Objects;
import java.util.Optional;

/**
 * Which part of an inbox to list.
 *
 * @param max            at most this many ids (MESH: 10..5000, default 500)
 * @param continueFrom   list after this message id
 * @param workflowFilter only messages whose workflow matches
 */
public record InboxQuery(int max, Optional<String> continueFrom, Optional<WorkflowFilter> workflowFilter) {

    /** MESH's default page. */
    public static final int DEFAULT_MAX = 500;

    public InboxQuery {
        Objects.requireNonNull(continueFrom, "continueFrom");
        Objects.requireNonNull(workflowFilter, "workflowFilter");
        if (max < 1) {
            throw new IllegalArgumentException("an inbox page holds at least one message, was " + max);
        }
    }
}
