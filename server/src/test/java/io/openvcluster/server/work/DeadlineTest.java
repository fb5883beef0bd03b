package io.openvcluster.server.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    @Test
    void outsideAnyDeadlineACheckpointDoesNothing() {
        Deadline.checkpoint();
        assertEquals(Optional.empty(), Deadline.remaining());
    }

    @Test
    void aCheckpointPastTheDeadlineStopsTheWorkAndSaysWhich() {
        Deadline deadline = Deadline.after(Duration.ofNanos(1), "request", "req-1");
        AtomicInteger after = new AtomicInteger();
        DeadlineExceededException e = assertThrows(DeadlineExceededException.class, () -> deadline.run(() -> {
            Deadline.checkpoint();
            after.incrementAndGet();
        }));
        assertEquals(0, after.get(), "nothing after the checkpoint ran");
        assertEquals("req-1", e.id());
        assertEquals("request req-1 did not finish within its deadline of 0 ms", e.getMessage());
        Deadline.checkpoint(); // the deadline ended with its work
    }

    @Test
    void withinTheDeadlineWorkGoesOnAndTheInnerDeadlineGivesWayToTheOuter() {
        Deadline outer = Deadline.after(Duration.ofHours(1), "request", "req-outer");
        Deadline inner = Deadline.after(Duration.ofNanos(1), "reconcile pass of server", "s1");
        outer.run(() -> {
            Deadline.checkpoint();
            assertThrows(DeadlineExceededException.class, () -> inner.run(Deadline::checkpoint));
            Deadline.checkpoint(); // the outer one is current again
            assertTrue(Deadline.remaining().orElseThrow().compareTo(Duration.ofMinutes(59)) > 0);
        });
    }

    /**
     * Virtual threads are not preempted: twice as many computing requests as there are carrier threads would hold
     * every carrier until they end, and a request that arrives meanwhile would wait for them, unless they compute in
     * {@link ComputeSlots}. Here the computing threads spin until the late one has run; they give up after 10 s if it
     * never does. With {@code Thread.yield()} at the checkpoints instead of the slots, this failed about once in 40.
     */
    @RepeatedTest(20)
    void computingVirtualThreadsLetALateOneRun() throws Exception {
        int computing = 2 * Runtime.getRuntime().availableProcessors();
        AtomicBoolean lateOneRan = new AtomicBoolean();
        AtomicInteger gaveUp = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(computing);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < computing; i++) {
            threads.add(Thread.ofVirtual().start(() -> Deadline.after(Duration.ofMinutes(1), "request", "busy")
                    .run(() -> {
                        started.countDown();
                        ComputeSlots.run(() -> {
                            long giveUpAt = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                            while (!lateOneRan.get()) {
                                Deadline.checkpoint();
                                if (System.nanoTime() - giveUpAt > 0) {
                                    gaveUp.incrementAndGet();
                                    return null;
                                }
                            }
                            return null;
                        });
                    })));
        }
        started.await();
        Thread late = Thread.ofVirtual().start(() -> lateOneRan.set(true));
        late.join();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(0, gaveUp.get(), "computing threads that held their carrier until they gave up");
    }

    /** Every computing thread gets its turn: a slot is handed on at the checkpoints, in order of waiting. */
    @Test
    void computingThreadsTakeTurnsInTheirSlots() throws Exception {
        int computing = 4 * ComputeSlots.SLOTS;
        AtomicInteger turnsTaken = new AtomicInteger();
        int[] turns = new int[computing];
        List<Thread> threads = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(computing);
        for (int i = 0; i < computing; i++) {
            int index = i;
            threads.add(Thread.ofVirtual().start(() -> Deadline.after(Duration.ofMinutes(1), "request", "t" + index)
                    .run(() -> {
                        started.countDown();
                        ComputeSlots.run(() -> {
                            // computes until every thread has computed at least once (or 10 s have passed)
                            long giveUpAt = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                            if (turns[index]++ == 0) {
                                turnsTaken.incrementAndGet();
                            }
                            while (turnsTaken.get() < computing && System.nanoTime() - giveUpAt < 0) {
                                Deadline.checkpoint();
                            }
                            return null;
                        });
                    })));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(computing, turnsTaken.get(), "threads that computed while the others held the slots");
    }
}
