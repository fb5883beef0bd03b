package io.openvcluster.server.kube.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    @Test
    void aKeyNamedManyTimesIsQueuedOnce() {
        try (WorkQueue queue = new WorkQueue()) {
            queue.add("a");
            queue.add("a");
            queue.add("b");
            assertEquals(2, queue.pending());
            assertEquals(Optional.of("a"), queue.take());
            assertEquals(Optional.of("b"), queue.take());
        }
    }

    @Test
    void aKeyHeldByAWorkerIsNotHandedOutAgainUntilDone() {
        try (WorkQueue queue = new WorkQueue()) {
            queue.add("a");
            assertEquals(Optional.of("a"), queue.take());
            queue.add("a"); // an event while a worker holds it
            queue.add("a");
            assertEquals(0, queue.pending(), "a second worker must not get the key being processed");
            queue.done("a");
            assertEquals(1, queue.pending(), "the event seen meanwhile brings it back once");
            assertEquals(Optional.of("a"), queue.take());
            queue.done("a");
            assertEquals(0, queue.pending(), "no event meanwhile: nothing comes back");
        }
    }

    @Test
    void aFailedPassComesBackAfterTheBackOffNotAtOnce() {
        try (WorkQueue queue = new WorkQueue()) {
            queue.add("a");
            List<String> passes = new ArrayList<>();
            assertTrue(queue.processNext(key -> {
                passes.add(key);
                return false;
            }));
            assertEquals(List.of("a"), passes);
            assertEquals(0, queue.pending(), "a failed key waits for its back-off");
            assertEquals(2, queue.failed("a"), "the failed pass was counted");
        }
    }
}
