package io.openvcluster.server.work;

import java.time.Duration;

/** Work stopped at a {@link Deadline#checkpoint()} because its deadline had passed; nothing was changed after it. */
public final class DeadlineExceededException extends RuntimeException {
    private final String id;
    private final Duration budget;

    DeadlineExceededException(String kind, String id, Duration budget) {
        super(kind + " " + id + " did not finish within its deadline of " + budget.toMillis() + " ms", null, false,
                false);
        this.id = id;
        this.budget = budget;
    }

    /** Which work was stopped: the request id or the server id given to {@link Deadline#after}. */
    public String id() {
        return id;
    }

    public Duration budget() {
        return budget;
    }
}
