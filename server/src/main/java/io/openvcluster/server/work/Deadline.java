package io.openvcluster.server.work;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How long a piece of work may go on: a request until the deadline of its method ({@link DeadlineSettings}), a
 * reconcile pass until its own. The work runs inside {@link #run}/{@link #call}, which makes this deadline the
 * thread's current one; long loops and the steps between host operations call {@link #checkpoint()}, which throws
 * {@link DeadlineExceededException} once the deadline has passed. The request then answers 503 and the pass is
 * retried with back-off. Checkpoints sit only where the work has changed nothing yet, so stopping there is safe.
 *
 * <p>A checkpoint inside {@link ComputeSlots#run} also lets requests that wait for a compute slot in, once its own
 * request has computed for {@link #PAUSE_AFTER} since its last pause.
 *
 * <p>A call to Kubernetes or Keycloak that is in flight is not cut short: it is bounded by its own timeout, and the
 * next checkpoint after it stops the work.
 */
public final class Deadline {
    /** How long a request computes in its slot between two chances for waiting requests to run. */
    static final Duration PAUSE_AFTER = Duration.ofMillis(1);
    private static final long PAUSE_AFTER_NANOS = PAUSE_AFTER.toNanos();
    private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

    private final String kind;
    private final String id;
    private final Duration budget;
    private final long endNanos;
    private long lastPauseNanos;

    private Deadline(String kind, String id, Duration budget, long startNanos) {
        this.kind = kind;
        this.id = id;
        this.budget = budget;
        this.endNanos = startNanos + budget.toNanos();
        this.lastPauseNanos = startNanos;
    }

    /**
     * @param budget from now
     * @param kind   what the work is, for the message: {@code "request"}, {@code "reconcile pass of server"}
     * @param id     which one: the request id, the server id
     */
    public static Deadline after(Duration budget, String kind, String id) {
        return new Deadline(kind, id, budget, System.nanoTime());
    }

    /** Runs {@code body} with this deadline as the thread's current one; the previous one is back afterwards. */
    public void run(Runnable body) {
        call(() -> {
            body.run();
            return null;
        });
    }

    /** {@link #run} with a result. */
    public <T> T call(Supplier<T> body) {
        Deadline outer = CURRENT.get();
        CURRENT.set(this);
        try {
            return body.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /**
     * Stops the current work if its deadline has passed, and lets waiting requests compute if it has computed for a
     * while ({@link ComputeSlots}); does nothing outside {@link #run}.
     *
     * @throws DeadlineExceededException once the deadline has passed
     */
    public static void checkpoint() {
        Deadline current = CURRENT.get();
        if (current != null) {
            current.check();
        }
    }

    /** The time the current work has left, if it runs under a deadline. */
    public static Optional<Duration> remaining() {
        Deadline current = CURRENT.get();
        return current == null ? Optional.empty()
                : Optional.of(Duration.ofNanos(Math.max(0, current.endNanos - System.nanoTime())));
    }

    private void check() {
        long now = System.nanoTime();
        if (now - endNanos >= 0) {
            throw new DeadlineExceededException(kind, id, budget);
        }
        if (now - lastPauseNanos >= PAUSE_AFTER_NANOS) {
            ComputeSlots.letWaitersIn();
            lastPauseNanos = System.nanoTime();
        }
    }
}
