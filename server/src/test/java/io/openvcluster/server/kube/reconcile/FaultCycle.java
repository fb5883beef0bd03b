package io.openvcluster.server.kube.reconcile;

import io.openvcluster.server.sandbox.ApiFaults;
import io.openvcluster.server.testing.Eventually;
import java.time.Duration;
import java.util.Random;

/** Switches the sandbox API's faults on, then off, in turns, until closed (then off for good). */
final class FaultCycle implements AutoCloseable {
    private final ApiFaults faults;
    private final Thread thread;
    private volatile boolean running = true;

    private FaultCycle(ApiFaults faults, ApiFaults.Plan plan, Random random, Duration on, Duration off,
                       boolean randomLengths) {
        this.faults = faults;
        this.thread = new Thread(() -> {
            while (running) {
                faults.switchOn(plan);
                sleep(randomLengths ? upTo(random, on) : on);
                faults.switchOff();
                sleep(randomLengths ? upTo(random, off) : off);
            }
        }, "ovc-fault-cycle");
        thread.setDaemon(true);
    }

    /** Faults on for {@code on}, off for {@code off}, and again. */
    static FaultCycle start(ApiFaults faults, ApiFaults.Plan plan, Duration on, Duration off) {
        FaultCycle cycle = new FaultCycle(faults, plan, new Random(0), on, off, false);
        cycle.thread.start();
        return cycle;
    }

    /** Faults on and off for random lengths up to {@code on} and {@code off}, drawn from {@code seed}. */
    static FaultCycle random(ApiFaults faults, ApiFaults.Plan plan, long seed, Duration on, Duration off) {
        FaultCycle cycle = new FaultCycle(faults, plan, new Random(seed), on, off, true);
        cycle.thread.start();
        return cycle;
    }

    /** Waits until the faults are on (or the cycle is over), so that the next request meets them. */
    void awaitOn() {
        Eventually.await("faults on", () -> !running || faults.on());
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        faults.switchOff();
    }

    private static Duration upTo(Random random, Duration max) {
        return Duration.ofMillis(100 + random.nextLong(Math.max(1, max.toMillis() - 100)));
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
