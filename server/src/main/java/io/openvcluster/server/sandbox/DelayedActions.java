package io.openvcluster.server.sandbox;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * When the simulated controllers act: each action runs after the simulator's delay, never at once, and all run one
 * after the other on one thread, so two actions on one object never race. An action is scheduled under a key (the
 * object it settles); while it waits, later requests for that key are merged into it, and since every action reads
 * the current state when it runs, the one run covers them all.
 */
final class DelayedActions implements AutoCloseable {
    /** The simulator's logger: its lines read as they did when this was part of {@link HostSimulator}. */
    private static final System.Logger LOG = System.getLogger(HostSimulator.class.getName());

    private final Duration delay;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ovc-host-simulator");
        t.setDaemon(true);
        return t;
    });
    /** Keys (e.g. "sts/ns/name" or "ns/name") with a pending, delayed action: later requests are merged into it. */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    DelayedActions(Duration delay) {
        this.delay = delay;
    }

    /** Runs {@code action} after the delay, unless an action for {@code key} is already waiting. */
    void schedule(String key, Runnable action) {
        if (!pending.add(key) || executor.isShutdown()) {
            return;
        }
        executor.schedule(() -> {
            pending.remove(key);
            try {
                action.run();
            } catch (KubernetesClientException e) {
                // A conflict or a vanished object: the next event or sweep acts on the new state.
                LOG.log(System.Logger.Level.DEBUG, "simulator action on " + key + " failed: " + e.getMessage());
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} every {@code periodMillis}, the first time one period from now, on the same thread. */
    void repeat(Runnable task, long periodMillis) {
        executor.scheduleWithFixedDelay(task, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
