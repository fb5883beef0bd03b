package io.openvcluster.server.kube.client;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The time one API request spends waiting on the Kubernetes API server: the budget for accepting a create, 20 ms
 * p99, excludes Kubernetes write latency (docs/benchmarks.md, "Budgets"), so the facade measures that part itself.
 * A request opens one on its thread ({@link #begin()}); every call of the client {@link TimedHttpClient} makes from
 * that thread adds its time from send to the whole response; calls from other threads (informers, the reconciler)
 * count nowhere.
 */
public final class KubeWaits implements AutoCloseable {
    /** Helidon runs a request's filters and handler on one (virtual) thread, so a thread local scopes it. */
    private static final ThreadLocal<KubeWaits> CURRENT = new ThreadLocal<>();

    // added to from the HTTP client's threads when a response completes, read by the request's thread after it
    private final AtomicLong nanos = new AtomicLong();

    private KubeWaits() {
    }

    /** Starts counting for the calling thread, until {@link #close()}. */
    public static KubeWaits begin() {
        KubeWaits waits = new KubeWaits();
        CURRENT.set(waits);
        return waits;
    }

    /** Nanoseconds spent in Kubernetes API calls so far. */
    public long nanos() {
        return nanos.get();
    }

    void add(long elapsedNanos) {
        nanos.addAndGet(elapsedNanos);
    }

    /** The counter of the calling thread's request; null outside a request (kept internal, on the hot path). */
    static KubeWaits current() {
        return CURRENT.get();
    }

    @Override
    public void close() {
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
    }
}
