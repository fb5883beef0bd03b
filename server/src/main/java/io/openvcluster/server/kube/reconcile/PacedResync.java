package io.openvcluster.server.kube.reconcile;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The periodic resync, spread over its period. Queuing every key at once makes the workers pass over all of them
 * back to back: with 10,000 servers that is a burst of CPU on every core each period, which is when reads slow down.
 * Instead, every {@link #TICK} this queues the next slice of a snapshot of the keys, sized so that the snapshot is
 * used up in one period; then it takes a new snapshot. Each key is still queued once a period (plus at most a tick),
 * and keys added or removed meanwhile are seen at the next snapshot (their own events queue them sooner).
 */
final class PacedResync implements Runnable {
    /** How often a slice is queued; a period shorter than this is one slice a tick. */
    static final Duration TICK = Duration.ofMillis(100);

    private final Supplier<List<String>> keys;
    private final Consumer<String> queue;
    private final long ticksPerPeriod;
    private List<String> round = List.of();
    private int next;
    private int perTick;

    PacedResync(Duration period, Supplier<List<String>> keys, Consumer<String> queue) {
        this.keys = keys;
        this.queue = queue;
        this.ticksPerPeriod = Math.max(1, period.toMillis() / TICK.toMillis());
    }

    /** Queues the next slice; called every {@link #TICK} by one thread. */
    @Override
    public void run() {
        if (next >= round.size()) {
            round = keys.get();
            next = 0;
            perTick = (int) Math.ceilDiv(round.size(), ticksPerPeriod);
        }
        int end = Math.min(round.size(), next + perTick);
        for (int i = next; i < end; i++) {
            queue.accept(round.get(i));
        }
        next = end;
    }
}
