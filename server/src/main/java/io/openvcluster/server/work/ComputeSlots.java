package io.openvcluster.server.work;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Keeps one carrier thread free of requests that only compute. Every request runs on a virtual thread, and virtual
 * threads are not preempted: on a 2-core machine two requests walking long lists would hold both carrier threads, and
 * every other request, {@code /observe/health} included, would wait until they end. So a request runs its long,
 * non-blocking loops ({@code ServerLists}, the image list, reading a JSON body) inside {@link #run}, which takes one
 * of {@link #SLOTS} (one fewer than the cores, at least one); each {@link Deadline#checkpoint()} inside gives its slot
 * to the requests waiting for one after a millisecond of work, and takes it back in turn (the semaphore is fair). A
 * request that is not computing never waits for a slot.
 *
 * <p>Why not {@code Thread.yield()} at the checkpoints: a virtual thread that yields goes back to its carrier's own
 * queue when that queue is not empty, so computing threads took turns on their carriers while a request submitted
 * from outside waited; in 1,000 rounds of twice as many computing threads as cores, a late one waited over 50 ms in
 * 3 to 5 rounds and up to 2 s (docs/api-surface.md, "Bounds"). With the slots it waited 5 ms at most.
 *
 * <p>No blocking call may be made inside {@link #run}: a slot held across a Kubernetes round trip would stall the
 * other computing requests for its duration.
 */
public final class ComputeSlots {
    /** Requests computing at once: one fewer than the cores, so that one is always free for the others. */
    static final int SLOTS = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    private static final Semaphore FREE = new Semaphore(SLOTS, true);
    private static final ThreadLocal<Boolean> HOLDING = new ThreadLocal<>();

    private ComputeSlots() {
    }

    /** Runs {@code work}, a loop that does not block, in a slot when on a virtual thread (directly otherwise). */
    public static <T> T run(Supplier<T> work) {
        if (!Thread.currentThread().isVirtual() || HOLDING.get() != null) {
            return work.get();
        }
        FREE.acquireUninterruptibly();
        HOLDING.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            HOLDING.remove();
            FREE.release();
        }
    }

    /** From a checkpoint inside {@link #run}: if others wait for a slot, lets the longest waiting one in first. */
    static void letWaitersIn() {
        if (HOLDING.get() != null && FREE.hasQueuedThreads()) {
            FREE.release();
            FREE.acquireUninterruptibly();
        }
    }
}
