package io.openvcluster.server.sandbox;

import static io.openvcluster.server.testing.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The simulator's actions run after its delay, and requests for a key whose action waits are merged into it. */
class DelayedActionsTest {
    private static final Duration DELAY = Duration.ofMillis(200);

    @Test
    void requestsForAKeyWhoseActionWaitsAreMergedIntoIt() throws InterruptedException {
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        try (DelayedActions actions = new DelayedActions(DELAY)) {
            for (int i = 0; i < 3; i++) {
                actions.schedule("sts/ns/first", first::incrementAndGet);
            }
            actions.schedule("sts/ns/second", second::incrementAndGet);
            await("both ran", () -> first.get() > 0 && second.get() > 0);
            Thread.sleep(3 * DELAY.toMillis());
            assertEquals(1, first.get(), "three requests while one waited: one run");
            assertEquals(1, second.get(), "another key is not merged");

            actions.schedule("sts/ns/first", first::incrementAndGet);
            await("a request after the run runs again", () -> first.get() == 2);
        }
    }

    @Test
    void aRequestMadeWhileItsKeysActionRunsIsNotLost() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        try (DelayedActions actions = new DelayedActions(DELAY)) {
            // an event that arrives while the action runs may show a state the action did not read
            Runnable[] action = new Runnable[1];
            action[0] = () -> {
                if (runs.incrementAndGet() == 1) {
                    actions.schedule("ns/gone", action[0]);
                }
            };
            actions.schedule("ns/gone", action[0]);
            await("the request made during the run ran too", () -> runs.get() == 2);
            Thread.sleep(3 * DELAY.toMillis());
            assertEquals(2, runs.get());
        }
    }

    @Test
    void anActionRunsAfterTheDelayNeverAtOnce() {
        AtomicLong ranAt = new AtomicLong();
        try (DelayedActions actions = new DelayedActions(DELAY)) {
            long scheduledAt = System.nanoTime();
            actions.schedule("snap/ns/request", () -> ranAt.set(System.nanoTime()));
            await("ran", () -> ranAt.get() != 0);
            long waited = ranAt.get() - scheduledAt;
            assertTrue(waited >= DELAY.toNanos(), "ran after " + waited + " ns");
        }
    }
}
