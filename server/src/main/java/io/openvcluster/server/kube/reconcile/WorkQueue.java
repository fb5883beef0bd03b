package io.openvcluster.server.kube.reconcile;

import io.openvcluster.server.observe.FacadeMeters;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Server ids waiting to be reconciled, shared by several workers. A key is queued at most once however many events
 * name it, and is never handed to two workers at once: a key named again while a worker holds it is marked dirty
 * and queued when that worker calls {@link #done} (its next pass sees the newer state). Failed keys come back after
 * an exponential back-off (0.5 s doubling to 30 s), reset by a success.
 */
public final class WorkQueue implements AutoCloseable {
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final Set<String> processing = new java.util.HashSet<>();
    private final Set<String> dirty = new java.util.HashSet<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ovc-reconcile-timer");
        t.setDaemon(true);
        return t;
    });

    public synchronized void add(String key) {
        if (processing.contains(key)) {
            dirty.add(key);
        } else if (queued.add(key)) {
            queue.add(key);
        }
    }

    /** Waits for the next key, which the caller holds until {@link #done}; empty when interrupted (shutting down). */
    Optional<String> take() {
        try {
            String key = queue.take();
            synchronized (this) {
                queued.remove(key);
                processing.add(key);
            }
            return Optional.of(key);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Takes the next key and runs one pass over it: a pass that returns true has succeeded; false comes back after
     * the back-off.
     *
     * @return false once the queue is closed
     */
    public boolean processNext(java.util.function.Predicate<String> pass) {
        Optional<String> next = take();
        if (next.isEmpty()) {
            return false;
        }
        String key = next.get();
        try {
            if (pass.test(key)) {
                succeeded(key);
            } else {
                failed(key);
            }
        } finally {
            done(key);
        }
        return true;
    }

    /** The worker holding {@code key} has finished its pass; a key named meanwhile is queued again. */
    synchronized void done(String key) {
        processing.remove(key);
        if (dirty.remove(key)) {
            add(key);
        }
    }

    /** Keys waiting for a worker. */
    int pending() {
        return queue.size();
    }

    void succeeded(String key) {
        failures.remove(key);
    }

    /** @return how many times in a row this key has failed, this time included */
    int failed(String key) {
        FacadeMeters.reconcileRetry();
        int count = failures.merge(key, 1, Integer::sum);
        long delay = Math.min(MAX_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(count - 1, 10));
        addLater(key, Duration.ofMillis(delay));
        return count;
    }

    void addLater(String key, Duration delay) {
        if (!timer.isShutdown()) {
            timer.schedule(() -> add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public void every(Duration period, Runnable action) {
        timer.scheduleWithFixedDelay(action, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
